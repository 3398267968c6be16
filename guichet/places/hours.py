"""Opening hours: OSM `opening_hours` read by a real parser (opening-hours-py), precomputed per week.

Evaluating the expression of 100,000 places at each search would not fit: at import or edit time the
expression becomes weekly intervals (weekday, start minute, end minute), which « ouvert maintenant »
filters in SQL. The sentence a person reads (« ouvert jusqu'à 17 h », « fermé aujourd'hui, ouvre lundi
à 9 h ») is said from the same intervals. Public holidays and dated exceptions are not in the weekly
pattern: the place's page shows the expression as published.
"""

import datetime

import opening_hours
from django.utils.translation import gettext as _

# A week without public holidays in France, used as the weekly pattern.
REFERENCE_MONDAY = datetime.datetime(2026, 3, 2)
DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


class InvalidHours(ValueError):
    pass


def weekly_intervals(expression: str) -> list[tuple[int, int, int]]:
    """(weekday 0=Monday, start minute, end minute) of the open periods of a week; raises InvalidHours."""
    try:
        parsed = opening_hours.OpeningHours(expression)
    except Exception as exc:  # noqa: BLE001 — the parser's errors are reported, never guessed around
        raise InvalidHours(
            _("horaires illisibles (format OpenStreetMap attendu, par exemple « Mo-Fr 09:00-17:00 »)")
        ) from exc
    found = []
    end_of_week = REFERENCE_MONDAY + datetime.timedelta(days=7)
    for start, end, state, _comment in parsed.intervals(REFERENCE_MONDAY, end_of_week):
        if state != opening_hours.State.OPEN:
            continue
        end = min(end or end_of_week, end_of_week)
        cursor = start
        while cursor < end:  # split at midnight: one interval per day
            midnight = datetime.datetime.combine(cursor.date() + datetime.timedelta(days=1), datetime.time())
            stop = min(end, midnight)
            first = cursor.hour * 60 + cursor.minute
            last = 24 * 60 if stop == midnight else stop.hour * 60 + stop.minute
            if last > first:
                found.append((cursor.weekday(), first, last))
            cursor = stop
    return found


def _clock(minute: int) -> str:
    hours, minutes = divmod(minute, 60)
    return f"{hours} h" if not minutes else f"{hours} h {minutes:02d}"


def today_in_words(intervals: list[tuple[int, int, int]], now: datetime.datetime) -> str:
    """What a person needs now: open until when, or when it opens next."""
    if not intervals:
        return ""
    weekday, minute = now.weekday(), now.hour * 60 + now.minute
    today = sorted((s, e) for d, s, e in intervals if d == weekday)
    for start, end in today:
        if start <= minute < end:
            return _("Ouvert maintenant, jusqu'à %s") % _clock(end)
    later = [(s, e) for s, e in today if s > minute]
    if later:
        return _("Fermé pour le moment, ouvre aujourd'hui à %s") % _clock(later[0][0])
    for offset in range(1, 8):
        day = (weekday + offset) % 7
        opening = sorted(s for d, s, _e in intervals if d == day)
        if opening:
            when = _("demain") if offset == 1 else DAYS[day]
            prefix = _("Fermé pour aujourd'hui") if today else _("Fermé aujourd'hui")
            return _("%(prefix)s, ouvre %(when)s à %(time)s") % {
                "prefix": prefix,
                "when": when,
                "time": _clock(opening[0]),
            }
    return ""


def week_in_words(intervals: list[tuple[int, int, int]]) -> list[tuple[str, str]]:
    """(day, « 9 h à 12 h, 14 h à 18 h 30 » or « fermé ») for each day of the week."""
    rows = []
    for day, name in enumerate(DAYS):
        periods = sorted((s, e) for d, s, e in intervals if d == day)
        text = ", ".join(
            _("%(start)s à %(end)s") % {"start": _clock(s), "end": _clock(e)} for s, e in periods
        )
        rows.append((name, text or _("fermé")))
    return rows


def intervals_of(place) -> list[tuple[int, int, int]]:
    """A place's precomputed week (its `intervals`, prefetched or not) as (weekday, start, end)."""
    return [(i.weekday, i.start_minute, i.end_minute) for i in place.intervals.all()]
