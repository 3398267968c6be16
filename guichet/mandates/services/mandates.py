"""A mandate's life: people registered by an aidant, creation, revocation, renewal."""

import datetime
import secrets

from django.contrib.auth.hashers import check_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.accounts import services as accounts_services
from guichet.accounts.models import Organisation, User
from guichet.accounts.perms import can_manage_organisation
from guichet.core import journal
from guichet.core.channels import Channel
from guichet.core.exceptions import InvalidInput, PermissionDenied
from guichet.core.phone import normalize_phone
from guichet.mandates import perms
from guichet.mandates.models import AccompaniedPerson, Duration, Mandate, MandateState, RevocationFailure
from guichet.procedures.models import Category, Procedure
from guichet.procedures.services.common import CODE_ALPHABET, normalise_code

MAX_CODE_FAILURES = 5
FAILURE_WINDOW = datetime.timedelta(minutes=15)


class RevokedAs:
    USAGER = "usager"
    USAGER_CODE = "usager_code"
    AIDANT = "aidant"
    RESPONSABLE = "responsable"
    RENEWAL = "renouvellement"


def _new_reference() -> str:
    while True:
        reference = "M-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(7))
        if not Mandate.objects.filter(reference=reference).exists():
            return reference


@transaction.atomic
def register_person(
    *,
    organisation: Organisation,
    by: User,
    first_name: str,
    last_name: str,
    birth_date: datetime.date,
    phone: str = "",
) -> User:
    """A person without e-mail nor account: a User without usable password, known by the organisation."""
    perms.require_habilitated(by, organisation)
    first_name, last_name = first_name.strip(), last_name.strip()
    if not first_name or not last_name:
        raise InvalidInput(_("Indiquez le prénom et le nom de la personne."))
    if birth_date >= timezone.localdate():
        raise InvalidInput(_("La date de naissance doit être dans le passé."))
    phone = normalize_phone(phone) if phone.strip() else ""
    user = accounts_services.create_user(
        username=f"personne-{secrets.token_hex(6)}",
        password=None,
        first_name=first_name,
        last_name=last_name,
        phone=phone,
    )
    AccompaniedPerson.objects.create(
        user=user, birth_date=birth_date, organisation=organisation, registered_by=by
    )
    journal.record(
        action="personne.enregistree",
        actor=by,
        channel=Channel.AIDANT,
        organisation_id=organisation.pk,
        subject_type="personne",
        subject_id=str(user.pk),
        on_behalf_of_id=user.pk,
    )
    return user


@transaction.atomic
def create_mandate(
    *,
    usager: User,
    organisation: Organisation,
    by: User,
    categories: list[str],
    procedure_ids: list,
    duration: str,
    renewed_from: Mandate | None = None,
) -> Mandate:
    """A mandate awaiting the person's consent: it allows nothing until then."""
    perms.require_habilitated(by, organisation)
    if usager.memberships.exists():
        raise InvalidInput(_("Un mandat se donne par un usager, pas par un membre d'une organisation."))
    categories = sorted(set(categories))
    unknown = set(categories) - set(Category.values)
    if unknown:
        raise InvalidInput(_("Thème inconnu : %s.") % ", ".join(sorted(unknown)))
    procedures = list(Procedure.objects.filter(pk__in=procedure_ids))
    if len(procedures) != len(set(procedure_ids)):
        raise InvalidInput(_("Une des démarches choisies n'existe pas."))
    if not categories and not procedures:
        raise InvalidInput(
            _("Choisissez au moins un thème ou une démarche : un mandat sans champ ne permet rien.")
        )
    if duration not in Duration.values:
        raise InvalidInput(_("Choisissez une durée : 1 jour, 1 mois, 6 mois ou 1 an."))
    mandate = Mandate.objects.create(
        reference=_new_reference(),
        usager=usager,
        organisation=organisation,
        categories=categories,
        duration=duration,
        created_by=by,
        renewed_from=renewed_from,
    )
    mandate.procedures.set(procedures)
    entry = journal.record(
        action="mandat.renouvele" if renewed_from else "mandat.cree",
        actor=by,
        channel=Channel.AIDANT,
        organisation_id=organisation.pk,
        subject_type="mandat",
        subject_id=str(mandate.pk),
        on_behalf_of_id=usager.pk,
        mandate_id=mandate.pk,
        data={
            "themes": categories,
            "demarches": sorted(str(p.pk) for p in procedures),
            "duree": duration,
            **({"renouvelle": str(renewed_from.pk)} if renewed_from else {}),
        },
    )
    mandate.creation_entry_hash = entry.hash
    mandate.save(update_fields=["creation_entry_hash"])
    return mandate


@transaction.atomic
def renew_mandate(*, mandate: Mandate, by: User) -> Mandate:
    """A new mandate with the same scope and duration, awaiting consent; the old one ends at that consent."""
    if mandate.state not in (MandateState.ACTIVE, MandateState.EXPIRED):
        raise InvalidInput(_("Seul un mandat en cours ou expiré peut être renouvelé."))
    if Mandate.objects.filter(renewed_from=mandate).exists():
        raise InvalidInput(_("Ce mandat a déjà été renouvelé : ouvrez le nouveau mandat."))
    return create_mandate(
        usager=mandate.usager,
        organisation=mandate.organisation,
        by=by,
        categories=mandate.categories,
        procedure_ids=[p.pk for p in mandate.procedures.all()],
        duration=mandate.duration,
        renewed_from=mandate,
    )


@transaction.atomic
def revoke_mandate(*, mandate: Mandate, by: User | None, revoked_as: str) -> Mandate:
    """Effective at once: the next request under this mandate is refused, even from a page left open."""
    mandate = Mandate.objects.select_for_update(of=("self",)).get(pk=mandate.pk)
    if revoked_as == RevokedAs.AIDANT:
        perms.require_habilitated(by, mandate.organisation)
    elif revoked_as == RevokedAs.RESPONSABLE:
        if not can_manage_organisation(by, mandate.organisation):
            raise PermissionDenied()
    elif revoked_as == RevokedAs.USAGER:
        if by is None or by.pk != mandate.usager_id:
            raise PermissionDenied()
    elif revoked_as not in (RevokedAs.USAGER_CODE, RevokedAs.RENEWAL):
        raise InvalidInput(_("Qui révoque ce mandat ?"))
    if mandate.state in (MandateState.REVOKED, MandateState.EXPIRED):
        raise InvalidInput(_("Ce mandat n'est plus en cours : il n'y a rien à révoquer."))
    mandate.revoked_at = timezone.now()
    mandate.revoked_by = by
    mandate.revoked_as = revoked_as
    mandate.save(update_fields=["revoked_at", "revoked_by", "revoked_as"])
    journal.record(
        action="mandat.revoque",
        actor=by,
        channel=Channel.AIDANT if revoked_as == RevokedAs.AIDANT else Channel.ONLINE,
        organisation_id=mandate.organisation_id,
        subject_type="mandat",
        subject_id=str(mandate.pk),
        on_behalf_of_id=mandate.usager_id,
        mandate_id=mandate.pk,
        data={"par": revoked_as},
    )
    return mandate


def check_mandate_code(*, reference: str, code: str) -> Mandate:
    """The mandate whose reference and follow-up code (printed on the usager's copy) match.

    Not atomic on purpose: a failure stays recorded when the error is raised; 5 failures in 15 minutes
    on a reference lock it for the next 15.
    """
    reference = (reference or "").strip().upper()
    if not reference.startswith("M-") and len(reference) == 7:
        reference = "M-" + reference
    recent = RevocationFailure.objects.filter(
        reference=reference[:9], at__gte=timezone.now() - FAILURE_WINDOW
    )
    if recent.count() >= MAX_CODE_FAILURES:
        raise InvalidInput(
            _(
                "Trop d'essais pour ce mandat. Réessayez dans 15 minutes, ou demandez à l'aidant de le révoquer."
            )
        )
    mandate = Mandate.objects.filter(reference=reference).first()
    if (
        mandate is None
        or not mandate.followup_code_hash
        or not check_password(normalise_code(code), mandate.followup_code_hash)
    ):
        RevocationFailure.objects.create(reference=reference[:9])
        raise InvalidInput(
            _(
                "Le numéro de mandat ou le code ne correspond pas. Vérifiez les deux, tels qu'imprimés sur le mandat."
            )
        )
    return mandate


def revoke_with_code(*, reference: str, code: str) -> Mandate:
    """The usager revokes with the reference and follow-up code printed on their copy of the mandate."""
    mandate = check_mandate_code(reference=reference, code=code)
    return revoke_mandate(mandate=mandate, by=None, revoked_as=RevokedAs.USAGER_CODE)
