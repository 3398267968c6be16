"""The free slots of a motif, computed from its weekly openings, the place's closed days and the public
holidays of the place's territory (the `holidays` library: metropolitan France, Alsace-Moselle's two
extra days, and each overseas department's own, such as the abolition of slavery)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

# Postal-code prefixes -> the `holidays` subdivision of France that has its own public holidays
# (Alsace-Moselle is « 57 » for the three départements).
SUBDIVISIONS = {
    "971": "971", "972": "972", "973": "973", "974": "974", "976": "976", "975": "PM",
    "57": "57", "67": "57", "68": "57",
}  # fmt: skip
TIMEZONES = {
    "971": "America/Guadeloupe",
    "972": "America/Martinique",
    "973": "America/Cayenne",
    "974": "Indian/Reunion",
    "976": "Indian/Mayotte",
    "975": "America/Miquelon",
}


def subdivision_of(postal_code: str) -> str | None:
    return SUBDIVISIONS.get(postal_code[:3]) or SUBDIVISIONS.get(postal_code[:2])


def timezone_of(postal_code: str) -> ZoneInfo:
    return ZoneInfo(TIMEZONES.get(postal_code[:3], "Europe/Paris"))


@lru_cache(maxsize=64)
def _holidays(subdivision: str | None, year: int) -> dict:
    return dict(holidays.France(years=year, subdiv=subdivision, language="fr"))


def public_holiday(day: datetime.date, postal_code: str) -> str | None:
    """The name of the public holiday on `day` where the place is, or None."""
    return _holidays(subdivision_of(postal_code), day.year).get(day)


@dataclass(frozen=True)
class Slot:
    starts_at: datetime.datetime  # aware, in the place's time zone
    ends_at: datetime.datetime
    remaining: int
    agent_id: object = None  # the agent of the opening it came from, if it names one


def free_slots(
    motif,
    *,
    openings,
    closed_days: set,
    loads: dict,
    now: datetime.datetime,
    days: int | None = None,
    only_days: range | None = None,
):
    """Every slot of `motif` from `now` (+ the motif's notice) over its booking horizon, with its
    remaining capacity (`loads`: start -> people already booked); full slots are left out.
    `only_days`: the day offsets (0 = today at the place) to compute, within the horizon; a booking
    checks its own day only instead of the whole horizon."""
    postal_code = motif.place.code_postal
    zone = timezone_of(postal_code)
    local_now = now.astimezone(zone)
    earliest = local_now + datetime.timedelta(hours=motif.min_notice_hours)
    horizon = days if days is not None else motif.booking_horizon_days
    offsets = range(horizon + 1)
    if only_days is not None:
        offsets = range(max(only_days.start, 0), min(only_days.stop, horizon + 1))
    step = datetime.timedelta(minutes=motif.duration_minutes)
    result = []
    for offset in offsets:
        day = local_now.date() + datetime.timedelta(days=offset)
        if day in closed_days or public_holiday(day, postal_code):
            continue
        for opening in openings:
            if opening.weekday != day.weekday() or day < opening.valid_from:
                continue
            if opening.valid_until and day > opening.valid_until:
                continue
            start = datetime.datetime.combine(day, opening.starts, tzinfo=zone)
            end_of_opening = datetime.datetime.combine(day, opening.ends, tzinfo=zone)
            while start + step <= end_of_opening:
                if start >= earliest:
                    remaining = motif.capacity - loads.get(start, 0)
                    if remaining > 0:
                        result.append(Slot(start, start + step, remaining, opening.agent_id))
                start += step
    result.sort(key=lambda slot: slot.starts_at)
    unique = []
    for slot in result:  # two openings that overlap offer the same slot once
        if not unique or unique[-1].starts_at != slot.starts_at:
            unique.append(slot)
    return unique
