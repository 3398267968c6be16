"""Activity reports: what an organisation's aidants did over a period, counted in the database.

Reads only. A report with `nominative=False` (for analysts) carries no aidant nor person.
"""

import calendar
import datetime
import io
from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import formats
from django.utils.translation import gettext as _

from guichet.core import spreadsheet
from guichet.core.channels import Channel
from guichet.core.exceptions import InvalidInput
from guichet.mediation.models import Diagnostic, MediationSession, Outcome, SessionTheme
from guichet.procedures.models import Category

MAX_PERIOD_DAYS = 3 * 366


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @classmethod
    def between(cls, start: datetime.date, end: datetime.date) -> "Period":
        """A custom period, checked: raises InvalidInput with a French message."""
        if start > end:
            raise InvalidInput(_("La première date doit venir avant la seconde."))
        if (end - start).days > MAX_PERIOD_DAYS:
            raise InvalidInput(_("Choisissez une période de trois ans au plus."))
        return cls(start, end)

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        last = calendar.monthrange(year, month)[1]
        return cls(datetime.date(year, month, 1), datetime.date(year, month, last))

    @property
    def label(self) -> str:
        return _("du %(start)s au %(end)s") % {
            "start": formats.date_format(self.start, "j F Y"),
            "end": formats.date_format(self.end, "j F Y"),
        }


@dataclass
class ActivityReport:
    period: Period
    sessions: int = 0
    people: int = 0
    minutes: int = 0
    diagnostics: int = 0
    by_theme: list[tuple[str, str, int]] = field(default_factory=list)
    by_channel: list[tuple[str, str, int]] = field(default_factory=list)
    by_outcome: list[tuple[str, str, int]] = field(default_factory=list)
    by_month: list[dict] = field(default_factory=list)
    by_aidant: list[dict] = field(default_factory=list)

    @property
    def hours_label(self) -> str:
        hours, minutes = divmod(self.minutes, 60)
        return _("%(h)s h %(m)02d") % {"h": hours, "m": minutes}


def _sessions(organisation_ids, period: Period, aidant_id=None):
    sessions = MediationSession.objects.filter(happened_on__range=(period.start, period.end))
    if organisation_ids is not None:
        sessions = sessions.filter(organisation_id__in=organisation_ids)
    if aidant_id is not None:
        sessions = sessions.filter(aidant_id=aidant_id)
    return sessions


def _diagnostics(organisation_ids, period: Period, aidant_id=None):
    diagnostics = Diagnostic.objects.filter(taken_at__date__range=(period.start, period.end))
    if organisation_ids is not None:
        diagnostics = diagnostics.filter(organisation_id__in=organisation_ids)
    if aidant_id is not None:
        diagnostics = diagnostics.filter(aidant_id=aidant_id)
    return diagnostics


def _counted(rows, key: str, labels: dict) -> list[tuple[str, str, int]]:
    counted = [(row[key], str(labels.get(row[key], row[key])), row["total"]) for row in rows]
    return sorted(counted, key=lambda item: (-item[2], item[1]))


def activity_report(
    *, organisation_ids: list | None, period: Period, aidant_id=None, nominative: bool = True
) -> ActivityReport:
    """`organisation_ids=None` means every organisation (the analysts' aggregated view)."""
    sessions = _sessions(organisation_ids, period, aidant_id)
    totals = sessions.aggregate(
        total=Count("id"), people=Count("person", distinct=True), minutes=Sum("minutes")
    )
    report = ActivityReport(
        period=period,
        sessions=totals["total"],
        people=totals["people"],
        minutes=totals["minutes"] or 0,
        diagnostics=_diagnostics(organisation_ids, period, aidant_id).count(),
    )
    themes = (
        SessionTheme.objects.filter(session__in=sessions.values("pk"))
        .values("theme")
        .annotate(total=Count("id"))
        .order_by()
    )
    report.by_theme = _counted(themes, "theme", dict(Category.choices))
    channels = sessions.values("channel").annotate(total=Count("id")).order_by()
    report.by_channel = _counted(channels, "channel", dict(Channel.choices))
    outcomes = sessions.values("outcome").annotate(total=Count("id")).order_by()
    report.by_outcome = _counted(outcomes, "outcome", dict(Outcome.choices))
    months = (
        sessions.annotate(month=TruncMonth("happened_on"))
        .values("month")
        .annotate(total=Count("id"), people=Count("person", distinct=True), minutes=Sum("minutes"))
        .order_by("month")
    )
    report.by_month = [
        {
            "month": row["month"].strftime("%Y-%m"),
            "label": formats.date_format(row["month"], "F Y"),
            "sessions": row["total"],
            "people": row["people"],
            "minutes": row["minutes"] or 0,
        }
        for row in months
    ]
    if nominative:
        report.by_aidant = _by_aidant(sessions, _diagnostics(organisation_ids, period, aidant_id))
    return report


def _by_aidant(sessions, diagnostics) -> list[dict]:
    from guichet.accounts.models import User

    rows = {
        row["aidant"]: row
        for row in sessions.values("aidant")
        .annotate(total=Count("id"), people=Count("person", distinct=True), minutes=Sum("minutes"))
        .order_by()
    }
    done = {
        row["aidant"]: row["total"]
        for row in diagnostics.values("aidant").annotate(total=Count("id")).order_by()
    }
    aidants = User.objects.in_bulk(set(rows) | set(done))
    result = [
        {
            "aidant": aidants[aidant_id],
            "sessions": rows.get(aidant_id, {}).get("total", 0),
            "people": rows.get(aidant_id, {}).get("people", 0),
            "minutes": rows.get(aidant_id, {}).get("minutes") or 0,
            "diagnostics": done.get(aidant_id, 0),
        }
        for aidant_id in aidants
    ]
    return sorted(result, key=lambda row: (-row["sessions"], str(row["aidant"])))


CSV_HEADERS = (
    "Date",
    "Organisation",
    "Aidant",
    "Personne (référence)",
    "Thèmes",
    "Canal",
    "Temps passé (minutes)",
    "Résultat",
)


def sessions_csv(*, organisation_ids: list, period: Period, aidant_id=None) -> bytes:
    """One line per session, for a spreadsheet: UTF-8 with BOM (Excel), `;` separated, French headers.

    Persons appear by a short reference, not by name: enough to count returning people.
    """
    sessions = (
        _sessions(organisation_ids, period, aidant_id)
        .select_related("organisation", "aidant")
        .prefetch_related("themes")
        .order_by("happened_on", "created_at")
    )
    buffer = io.StringIO()
    writer = spreadsheet.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    for session in sessions:
        writer.writerow(
            [
                session.happened_on.strftime("%d/%m/%Y"),
                session.organisation.name,
                str(session.aidant),
                str(session.person_id)[:8].upper(),
                ", ".join(sorted(str(theme.get_theme_display()) for theme in session.themes.all())),
                str(session.get_channel_display()),
                session.minutes,
                str(session.get_outcome_display()),
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
