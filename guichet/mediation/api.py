"""Mediation figures through the JSON API: an organisation's aggregated activity, never a name."""

import datetime
import uuid

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from guichet.mediation.reports import Period, activity_report

router = Router(tags=["Médiation"])


class PeriodIn(Schema):
    du: datetime.date | None = Field(
        None, alias="from", description="Premier jour (AAAA-MM-JJ) ; par défaut le 1er du mois en cours."
    )
    au: datetime.date | None = Field(
        None, alias="to", description="Dernier jour inclus (AAAA-MM-JJ) ; par défaut la fin du mois en cours."
    )


class CountOut(Schema):
    code: str
    libelle: str
    accompagnements: int


class MonthOut(Schema):
    mois: str = Field(description="AAAA-MM")
    accompagnements: int
    personnes_aidees: int
    minutes: int


class ActivityOut(Schema):
    organisation: uuid.UUID
    du: datetime.date
    au: datetime.date
    personnes_aidees: int = Field(description="Personnes différentes aidées sur la période")
    accompagnements: int
    minutes: int = Field(description="Temps passé, en minutes")
    diagnostics: int = Field(description="Diagnostics des deux autonomies faits sur la période")
    par_theme: list[CountOut]
    par_canal: list[CountOut]
    par_resultat: list[CountOut]
    par_mois: list[MonthOut]


def _counts(rows) -> list[dict]:
    return [{"code": code, "libelle": label, "accompagnements": total} for code, label, total in rows]


@router.get(
    "/mediation/activity",
    response=ActivityOut,
    summary="L'activité de médiation de l'organisation sur une période (chiffres agrégés, sans nom)",
)
def mediation_activity(request, period: Query[PeriodIn]):
    today = timezone.localdate()
    month = Period.month(today.year, today.month)
    chosen = Period.between(period.du or month.start, period.au or month.end)
    organisation = request.api_organisation
    report = activity_report(organisation_ids=[organisation.pk], period=chosen, nominative=False)
    return {
        "organisation": organisation.pk,
        "du": chosen.start,
        "au": chosen.end,
        "personnes_aidees": report.people,
        "accompagnements": report.sessions,
        "minutes": report.minutes,
        "diagnostics": report.diagnostics,
        "par_theme": _counts(report.by_theme),
        "par_canal": _counts(report.by_channel),
        "par_resultat": _counts(report.by_outcome),
        "par_mois": [
            {
                "mois": row["month"],
                "accompagnements": row["sessions"],
                "personnes_aidees": row["people"],
                "minutes": row["minutes"],
            }
            for row in report.by_month
        ],
    }
