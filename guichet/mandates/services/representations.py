"""Legal representatives (tutelle, curatelle, parents of minors): declared with a proof, acting in their own name."""

import datetime
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.accounts import services as accounts_services
from guichet.accounts.models import Organisation, Role, User
from guichet.accounts.selectors import organisations_where
from guichet.core import journal
from guichet.core.channels import Channel
from guichet.core.exceptions import InvalidInput, PermissionDenied
from guichet.mandates.models import LegalRepresentation
from guichet.mandates.services.files import check_proof
from guichet.procedures.models import Procedure
from guichet.procedures.services import drafts

ADULTHOOD_YEARS = 18
CHECKER_ROLES = (Role.AGENT, Role.RESPONSABLE)


def _eighteenth_birthday(birth_date: datetime.date) -> datetime.date:
    try:
        return birth_date.replace(year=birth_date.year + ADULTHOOD_YEARS)
    except ValueError:  # born on 29 February
        return birth_date.replace(year=birth_date.year + ADULTHOOD_YEARS, day=28)


@transaction.atomic
def declare_representation(
    *,
    representative: User,
    kind: str,
    first_name: str,
    last_name: str,
    birth_date: datetime.date,
    proof_kind: str,
    proof,
    organisation: Organisation,
    ends_on: datetime.date | None = None,
) -> LegalRepresentation:
    """Record the person represented (no account) and the measure, with its proof checked by content;
    it waits for the chosen organisation to verify the original.

    A parent's representation ends on the child's 18th birthday; a tutelle or curatelle on the date
    the judgment gives.
    """
    if not representative.is_authenticated or representative.memberships.exists():
        raise PermissionDenied(_("Une représentation légale se déclare depuis son propre compte d'usager."))
    if kind not in LegalRepresentation.Kind.values:
        raise InvalidInput(_("Choisissez votre qualité : tuteur, curateur ou parent."))
    if proof_kind not in LegalRepresentation.Proof.values:
        raise InvalidInput(_("Choisissez le justificatif que vous joignez."))
    today = timezone.localdate()
    if birth_date >= today:
        raise InvalidInput(_("La date de naissance doit être dans le passé."))
    if kind == LegalRepresentation.Kind.PARENT:
        ends_on = _eighteenth_birthday(birth_date)
        if ends_on <= today:
            raise InvalidInput(_("Cette personne est majeure : un parent ne la représente plus."))
    elif ends_on is None or ends_on <= today:
        raise InvalidInput(_("Indiquez la date de fin de la mesure écrite sur le jugement (dans le futur)."))
    checked = check_proof(proof, what=_("le justificatif"))
    represented = accounts_services.create_user(
        username=f"personne-{secrets.token_hex(6)}", password=None, first_name=first_name, last_name=last_name
    )
    representation = LegalRepresentation(
        representative=representative,
        represented=represented,
        kind=kind,
        proof_kind=proof_kind,
        proof_name=checked.name,
        proof_type=checked.content_type,
        proof_sha256=checked.sha256,
        ends_on=ends_on,
        organisation=organisation,
    )
    representation.proof.save(representation.id.hex, proof, save=False)
    representation.save()
    journal.record(
        action="representation.declaree",
        actor=representative,
        channel=Channel.ONLINE,
        organisation_id=organisation.pk,
        subject_type="representation",
        subject_id=str(representation.pk),
        on_behalf_of_id=represented.pk,
        data={"qualite": kind, "justificatif": proof_kind, "justificatif_sha256": checked.sha256},
    )
    return representation


def _require_checker(by: User, representation: LegalRepresentation) -> None:
    if not can_check_representations(by, representation.organisation):
        raise PermissionDenied(
            _("Seuls les agents et responsables de la structure choisie vérifient ce justificatif.")
        )


def can_check_representations(user: User, organisation: Organisation) -> bool:
    return any(organisations_where(user, role).filter(pk=organisation.pk).exists() for role in CHECKER_ROLES)


@transaction.atomic
def verify_representation(*, representation: LegalRepresentation, by: User) -> LegalRepresentation:
    """The agent saw the original judgment or family record: the representative may now act."""
    _require_checker(by, representation)
    if representation.verified_at is not None or representation.refused_at is not None:
        raise InvalidInput(_("Cette représentation a déjà été vérifiée ou refusée."))
    representation.verified_at = timezone.now()
    representation.verified_by = by
    representation.save(update_fields=["verified_at", "verified_by"])
    journal.record(
        action="representation.verifiee",
        actor=by,
        channel=Channel.COUNTER,
        organisation_id=representation.organisation_id,
        subject_type="representation",
        subject_id=str(representation.pk),
        on_behalf_of_id=representation.represented_id,
    )
    return representation


@transaction.atomic
def refuse_representation(
    *, representation: LegalRepresentation, by: User, reason: str
) -> LegalRepresentation:
    _require_checker(by, representation)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Indiquez le motif du refus : la personne le lira."))
    if representation.verified_at is not None or representation.refused_at is not None:
        raise InvalidInput(_("Cette représentation a déjà été vérifiée ou refusée."))
    representation.refused_at = timezone.now()
    representation.refusal_reason = reason[:2000]
    representation.save(update_fields=["refused_at", "refusal_reason"])
    journal.record(
        action="representation.refusee",
        actor=by,
        channel=Channel.COUNTER,
        organisation_id=representation.organisation_id,
        subject_type="representation",
        subject_id=str(representation.pk),
        on_behalf_of_id=representation.represented_id,
    )
    return representation


@transaction.atomic
def end_representation(*, representation: LegalRepresentation, by: User) -> LegalRepresentation:
    if by.pk != representation.representative_id:
        raise PermissionDenied()
    if representation.ended_at is None:
        representation.ended_at = timezone.now()
        representation.save(update_fields=["ended_at"])
        journal.record(
            action="representation.arretee",
            actor=by,
            channel=Channel.ONLINE,
            subject_type="representation",
            subject_id=str(representation.pk),
            on_behalf_of_id=representation.represented_id,
        )
    return representation


def record_representative_act(*, representation: LegalRepresentation, dossier, step: str) -> None:
    journal.record(
        action="representation.acte",
        actor=representation.representative,
        channel=Channel.ONLINE,
        organisation_id=dossier.organisation_id,
        subject_type="dossier",
        subject_id=str(dossier.pk),
        on_behalf_of_id=representation.represented_id,
        data={"representation": str(representation.pk), "etape": step[:60]},
    )


@transaction.atomic
def start_as_representative(
    *, representation: LegalRepresentation, procedure: Procedure
) -> drafts.StartedDossier:
    if not representation.is_active_at():
        raise InvalidInput(
            _("Cette représentation est terminée : vous ne pouvez plus agir pour cette personne.")
        )
    started = drafts.start_dossier(
        procedure=procedure,
        channel=Channel.ONLINE,
        actor=representation.representative,
        usager=representation.represented,
        contact_name=representation.represented.get_full_name(),
    )
    record_representative_act(representation=representation, dossier=started.dossier, step="commencer")
    return started
