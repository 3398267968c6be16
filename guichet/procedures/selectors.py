import datetime

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from guichet.accounts.models import Organisation
from guichet.procedures import perms
from guichet.procedures.models import Dossier, DossierState, Procedure


def published_procedures() -> QuerySet[Procedure]:
    return (
        Procedure.objects.filter(is_published=True, versions__published_at__isnull=False)
        .select_related("organisation")
        .distinct()
        .order_by("title")
    )


def current_version(procedure: Procedure):
    return procedure.versions.filter(published_at__isnull=False).order_by("-number").first()


# The implicit-decision date first (the most urgent on top), the same on SQLite and PostgreSQL (which put
# empty dates at opposite ends by default), then the receipt and the id so that the order is total.
QUEUE_ORDER = (F("decision_due_on").asc(nulls_last=True), "received_at", "pk")
NO_DATE = datetime.date(9999, 12, 31)


def neighbours(dossiers, dossier) -> tuple:
    """(previous, next) dossier of `dossier` in the ordered list `dossiers`, by two keyset queries (as
    fast on the 200,000th dossier as on the first)."""
    keyed = dossiers.annotate(due_key=Coalesce("decision_due_on", Value(NO_DATE)))
    due = dossier.decision_due_on or NO_DATE
    received = dossier.received_at
    after = (
        Q(due_key__gt=due)
        | Q(due_key=due, received_at__gt=received)
        | Q(due_key=due, received_at=received, pk__gt=dossier.pk)
    )
    before = (
        Q(due_key__lt=due)
        | Q(due_key=due, received_at__lt=received)
        | Q(due_key=due, received_at=received, pk__lt=dossier.pk)
    )
    keyed = keyed.select_related(None).only("pk", "number")
    following = keyed.filter(after).order_by("due_key", "received_at", "pk").first()
    previous = keyed.filter(before).order_by("-due_key", "-received_at", "-pk").first()
    return previous, following


def queue(
    *,
    organisation_ids,
    user=None,
    procedure_id=None,
    state: str = "",
    channel: str = "",
    search: str = "",
) -> QuerySet[Dossier]:
    dossiers = (
        Dossier.objects.filter(organisation_id__in=organisation_ids)
        .exclude(state=DossierState.BROUILLON)
        .select_related("procedure_version__procedure")
        .order_by(*QUEUE_ORDER)
    )
    if user is not None:
        dossiers = perms.scoped_for_staff(user, dossiers)
    if procedure_id:
        dossiers = dossiers.filter(procedure_version__procedure_id=procedure_id)
    if state:
        dossiers = dossiers.filter(state=state)
    if channel:
        dossiers = dossiers.filter(channel=channel)
    if search:
        dossiers = dossiers.filter(Q(number__icontains=search) | Q(contact_name__icontains=search))
    return dossiers


def drafts_started_by(user, organisation_ids) -> QuerySet[Dossier]:
    return (
        Dossier.objects.filter(
            state=DossierState.BROUILLON, created_by=user, organisation_id__in=organisation_ids
        )
        .select_related("procedure_version__procedure")
        .order_by("-updated_at")
    )


def dossiers_of_usager(user) -> QuerySet[Dossier]:
    return (
        Dossier.objects.filter(usager=user)
        .select_related("procedure_version__procedure")
        .order_by("-updated_at")
    )


def open_corrections(dossier: Dossier):
    return list(dossier.corrections.filter(resolved_at__isnull=True))


def fields_to_correct(dossier: Dossier) -> set[str]:
    return {key for correction in open_corrections(dossier) for key in correction.fields}


def requested_keys(dossier: Dossier) -> tuple[set[str], set[str]]:
    """The field keys and the slot keys the open corrections ask for."""
    corrections = open_corrections(dossier)
    return (
        {key for c in corrections for key in c.fields},
        {key for c in corrections for key in c.documents},
    )


def correction_attachments(dossier: Dossier):
    """Files added since the oldest open correction was asked for, in the slots it asks: its answers."""
    corrections = open_corrections(dossier)
    if not corrections:
        return dossier.attachments.none()
    since = min(c.requested_at for c in corrections)
    slots = {key for c in corrections for key in c.documents}
    return dossier.attachments.filter(slot__in=slots, uploaded_at__gte=since)


def pieces_still_missing(dossier: Dossier) -> list[str]:
    """Slot keys a correction asks for that received no new file since it was asked: an old file does
    not answer a request for a new one."""
    missing = []
    for correction in open_corrections(dossier):
        for slot_key in correction.documents:
            fresh = dossier.attachments.filter(slot=slot_key, uploaded_at__gte=correction.requested_at)
            if slot_key not in missing and not fresh.exists():
                missing.append(slot_key)
    return missing


def timeline(dossier: Dossier):
    return dossier.events.select_related("actor").order_by("at")


def deposited_without_receipt():
    return (
        Dossier.objects.filter(received_at__isnull=False, issued_receipts__isnull=True)
        .exclude(state=DossierState.BROUILLON)
        .select_related("procedure_version__procedure", "organisation")
        .order_by("received_at")
    )


def services_to_call():
    """Organisations with a published procedure and a phone number: whom to call for a lost code."""
    return (
        Organisation.objects.filter(procedures__is_published=True)
        .exclude(phone="")
        .distinct()
        .order_by("name")
    )
