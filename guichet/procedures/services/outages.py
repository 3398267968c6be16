"""Service interruptions: recorded by a responsable or the monitoring; deadlines extended at once."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.core.exceptions import InvalidInput
from guichet.procedures import receipts
from guichet.procedures.models import Dossier, DossierState, IssuedReceipt, Outage, OutageExtension
from guichet.procedures.services.common import lock_dossier, record_event
from guichet.procedures.services.deadlines import outage_days
from guichet.procedures.services.notify import notify_usager


@transaction.atomic
def record_outage(
    *,
    started_at: datetime.datetime,
    ended_at: datetime.datetime,
    description: str,
    organisation=None,
    actor=None,
) -> Outage:
    if ended_at <= started_at:
        raise InvalidInput(_("La fin de l'interruption doit être après son début."))
    if ended_at > timezone.now() + datetime.timedelta(minutes=5):
        raise InvalidInput(_("Une interruption ne peut être enregistrée qu'une fois terminée."))
    if not description.strip():
        raise InvalidInput(_("Décrivez l'interruption (ce qui ne fonctionnait pas)."))
    outage = Outage.objects.create(
        organisation=organisation,
        started_at=started_at,
        ended_at=ended_at,
        description=description.strip(),
        recorded_by=actor,
    )
    extend_deadlines(outage=outage)
    return outage


def _affected(outage: Outage):
    """Open dossiers with a deadline that was running while the service was down."""
    start_day = timezone.localdate(outage.started_at)
    decision_clock = Q(
        state__in=[DossierState.DEPOSE, DossierState.EN_INSTRUCTION],
        decision_due_on__gte=start_day,
        received_at__lte=outage.ended_at,
    )
    completion_clock = Q(
        state=DossierState.A_COMPLETER,
        completion_due_on__gte=start_day,
        corrections__resolved_at__isnull=True,
        corrections__requested_at__lte=outage.ended_at,
    )
    dossiers = Dossier.objects.filter(decision_clock | completion_clock).distinct()
    if outage.organisation_id:
        dossiers = dossiers.filter(organisation_id=outage.organisation_id)
    return dossiers.exclude(outage_extensions__outage=outage)


def extend_deadlines(*, outage: Outage) -> int:
    """Extend every affected deadline by the outage's length, once per dossier; tell the usager."""
    days = outage_days(outage)
    extended = 0
    for dossier_id in _affected(outage).values_list("pk", flat=True):
        with transaction.atomic():
            dossier = lock_dossier(dossier_id)
            try:
                with transaction.atomic():
                    OutageExtension.objects.create(outage=outage, dossier=dossier, days=days)
            except IntegrityError:
                continue
            delta = datetime.timedelta(days=days)
            if dossier.decision_due_on:
                dossier.decision_due_on += delta
            if dossier.completion_due_on:
                dossier.completion_due_on += delta
            dossier.save(update_fields=["decision_due_on", "completion_due_on", "updated_at"])
            record_event(
                dossier=dossier,
                action="deadline_extended",
                actor=None,
                channel="",
                motive=_(
                    "Interruption du service du %(start)s au %(end)s : délais prolongés de %(days)d jour(s)."
                )
                % {
                    "start": timezone.localtime(outage.started_at).strftime("%d/%m/%Y %H:%M"),
                    "end": timezone.localtime(outage.ended_at).strftime("%d/%m/%Y %H:%M"),
                    "days": days,
                },
            )
            notify_usager(
                dossier,
                subject=_("Délais prolongés pour votre dossier n° %s") % dossier.number,
                body=_(
                    "Notre service a été interrompu. Les délais de votre dossier sont prolongés de %d jour(s) : "
                    "cette interruption ne vous sera jamais reprochée."
                )
                % days,
            )
            receipts.issue_receipt(dossier=dossier, reason=IssuedReceipt.Reason.EXTENDED)
            extended += 1
    return extended
