"""Legal deadlines: implicit decision, completion, and their extension by service outages."""

import datetime
import math

from django.utils import timezone

from guichet.core.delays import add_delay
from guichet.procedures.models import Dossier, Outage

# A submission made within this many days after an outage ended, from a draft last saved during the
# outage, is dated from that save: the person is not penalised for the service's failure.
OUTAGE_GRACE_DAYS = 3


def outage_days(outage: Outage) -> int:
    return max(1, math.ceil((outage.ended_at - outage.started_at).total_seconds() / 86400))


def outages_for(dossier: Dossier):
    return Outage.objects.filter(organisation__isnull=True) | Outage.objects.filter(
        organisation=dossier.organisation
    )


def protected_receipt_time(dossier: Dossier, now: datetime.datetime) -> datetime.datetime:
    """The time to record as receipt for an online submission made now."""
    last_save = dossier.updated_at
    grace = datetime.timedelta(days=OUTAGE_GRACE_DAYS)
    for outage in outages_for(dossier).filter(ended_at__gte=now - grace, started_at__lte=now):
        if outage.started_at <= last_save <= outage.ended_at:
            return min(now, last_save)
    return now


def decision_due_on(dossier: Dossier, start: datetime.datetime) -> datetime.date:
    """Implicit decision date: start + instruction delay (date to date for months), extended by the
    outages already recorded."""
    version = dossier.procedure_version
    due = add_delay(timezone.localdate(start), version.instruction_delay, version.instruction_unit)
    for outage in outages_for(dossier).filter(ended_at__gte=start):
        if timezone.localdate(outage.started_at) <= due:
            due += datetime.timedelta(days=outage_days(outage))
    return due


def completion_due_on(dossier: Dossier, start: datetime.date) -> datetime.date:
    """The date by which the person sends what the service asks for (the version's completion delay)."""
    return start + datetime.timedelta(days=dossier.procedure_version.completion_days)
