"""Reads on aidants and mandates. Other modules (mediation, procedures) call only these.

Stable contract (see /work/contracts/mandates.md): `valid_mandates_for`, `mandates_expiring_soon`,
`is_habilitated`.
"""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from guichet.accounts.models import Membership, Organisation, Role, User
from guichet.core.journal import JournalEntry, entries_on_behalf_of
from guichet.core.journal.selectors import with_labels
from guichet.mandates.labels import action_label
from guichet.mandates.models import Habilitation, Mandate
from guichet.procedures.models import Dossier, DossierState


def _valid_at(at: datetime.datetime) -> Q:
    return Q(consented_at__isnull=False, consented_at__lte=at, expires_at__gt=at) & (
        Q(revoked_at__isnull=True) | Q(revoked_at__gt=at)
    )


def _mandates() -> QuerySet[Mandate]:
    return Mandate.objects.select_related("usager", "organisation", "created_by").prefetch_related(
        "procedures"
    )


def valid_mandates_for(
    *, usager: User, organisation: Organisation | None = None, at: datetime.datetime | None = None
) -> QuerySet[Mandate]:
    """The usager's mandates valid at `at` (now by default), for one organisation or all, soonest end first."""
    mandates = _mandates().filter(_valid_at(at or timezone.now()), usager=usager)
    if organisation is not None:
        mandates = mandates.filter(organisation=organisation)
    return mandates.order_by("expires_at")


def mandates_expiring_soon(*, organisation: Organisation, within_days: int = 15) -> QuerySet[Mandate]:
    """The organisation's mandates valid now that end within `within_days` days, soonest first."""
    now = timezone.now()
    return (
        _mandates()
        .filter(
            _valid_at(now),
            organisation=organisation,
            expires_at__lte=now + datetime.timedelta(days=within_days),
        )
        .order_by("expires_at")
    )


def is_habilitated(*, user: User, organisation: Organisation) -> bool:
    """An active aidant of the organisation whose habilitation is not suspended."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        Membership.objects.filter(
            user=user, organisation=organisation, role=Role.AIDANT, is_active=True
        ).exists()
        and Habilitation.objects.filter(
            user=user, organisation=organisation, status=Habilitation.Status.ACTIVE
        ).exists()
    )


def habilitated_organisations(user: User) -> QuerySet[Organisation]:
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        memberships__user=user,
        memberships__role=Role.AIDANT,
        memberships__is_active=True,
        habilitations__user=user,
        habilitations__status=Habilitation.Status.ACTIVE,
    ).distinct()


def habilitations_of(organisation: Organisation) -> QuerySet[Habilitation]:
    return Habilitation.objects.filter(organisation=organisation).select_related("user", "enrolled_by")


def mandates_of_organisation(organisation: Organisation) -> QuerySet[Mandate]:
    return _mandates().filter(organisation=organisation).order_by("-created_at")


def mandates_of_usager(usager: User) -> QuerySet[Mandate]:
    return _mandates().filter(usager=usager).order_by("-created_at")


def people_of_organisation(organisation: Organisation, *, search: str = "") -> QuerySet[User]:
    """People who have (or had) a mandate with the organisation, for the aidant to pick."""
    people = User.objects.filter(
        Q(mandates__organisation=organisation) | Q(accompanied__organisation=organisation)
    ).distinct()
    if search:
        people = people.filter(
            Q(last_name__icontains=search) | Q(first_name__icontains=search) | Q(phone__icontains=search)
        )
    return people.order_by("last_name", "first_name")


def covers(mandate: Mandate, procedure) -> bool:
    """Does the mandate's scope include this procedure (by its theme, or named)?"""
    if procedure.category in (mandate.categories or []):
        return True
    return any(p.pk == procedure.pk for p in mandate.procedures.all())


def open_dossiers_for(mandate: Mandate) -> list:
    """The person's dossiers still to fill or complete that this mandate covers."""
    dossiers = Dossier.objects.filter(
        usager=mandate.usager, state__in=[DossierState.BROUILLON, DossierState.A_COMPLETER]
    ).select_related("procedure_version__procedure")
    return [d for d in dossiers if covers(mandate, d.procedure)]


def actions_for(person: User) -> list:
    """Every journal entry done in the person's name, newest first, with what a person needs to read it:
    the action in words, who, through which organisation, under which mandate, on which dossier."""
    return _rows(entries_on_behalf_of(person.pk).order_by("-sequence")[:500], person_id=person.pk)


def actions_under(mandate: Mandate) -> list:
    """What was done under one mandate, newest first (for a person who follows it with its code)."""
    entries = with_labels(JournalEntry.objects.filter(mandate_id=mandate.pk)).order_by("-sequence")[:500]
    return _rows(entries, person_id=mandate.usager_id)


def actions_for_organisation(person: User, organisation: Organisation) -> list:
    """What one organisation did in the person's name: what its aidants may show and print for them."""
    return [
        row
        for row in actions_for(person)
        if row["organisation"] == organisation
        or (row["mandate"] and row["mandate"].organisation_id == organisation.pk)
    ]


def _rows(entries, *, person_id) -> list:
    entries = list(entries)
    mandates = Mandate.objects.in_bulk({e.mandate_id for e in entries if e.mandate_id})
    organisations = Organisation.objects.in_bulk(
        {e.organisation_id for e in entries if e.organisation_id}
        | {m.organisation_id for m in mandates.values()}
    )
    dossier_ids = {e.subject_id for e in entries if e.subject_type == "dossier"}
    numbers = {str(k): v for k, v in Dossier.objects.filter(pk__in=dossier_ids).values_list("pk", "number")}
    rows = []
    for entry in entries:
        mandate = mandates.get(entry.mandate_id)
        organisation = organisations.get(mandate.organisation_id if mandate else entry.organisation_id)
        rows.append(
            {
                "at": entry.created_at,
                "label": action_label(entry),
                "by_you": entry.actor_id == person_id or _revoked_with_code(entry),
                "actor": entry.actor_label,
                "organisation": organisation,
                "mandate": mandate,
                "channel": entry.get_channel_display() if entry.channel else "",
                "dossier": numbers.get(entry.subject_id) if entry.subject_type == "dossier" else None,
                "hash": entry.hash,
            }
        )
    return rows


def _revoked_with_code(entry) -> bool:
    """Revocation with the printed code has no account behind it, but it is the person who did it."""
    return entry.action == "mandat.revoque" and (entry.data or {}).get("par") == "usager_code"
