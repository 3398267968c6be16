"""Consent: in person (identity checked, signed on screen or on paper) or by a code sent by SMS."""

import datetime
import secrets
from dataclasses import dataclass

from django.contrib.auth.hashers import check_password, make_password
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.core import journal
from guichet.core.channels import Channel
from guichet.core.exceptions import InvalidInput
from guichet.core.notifications.services import notify_account_holder, send_notification
from guichet.core.phone import can_receive_sms
from guichet.mandates import documents, perms
from guichet.mandates.models import (
    DURATION_DAYS,
    ConsentCode,
    ConsentMethod,
    IdentityCheck,
    Mandate,
    MandateState,
)
from guichet.mandates.services.files import check_proof
from guichet.mandates.services.mandates import RevokedAs, revoke_mandate
from guichet.procedures.services.common import hash_code, new_followup_code

CODE_VALIDITY = datetime.timedelta(minutes=15)
MAX_ATTEMPTS = 5
MAX_CODES_PER_MANDATE = 3


@dataclass
class Consented:
    mandate: Mandate
    followup_code: str


def _awaiting(mandate: Mandate, by) -> Mandate:
    mandate = (
        Mandate.objects.select_for_update(of=("self",))
        .select_related("organisation", "usager")
        .get(pk=mandate.pk)
    )
    perms.require_habilitated(by, mandate.organisation)
    if mandate.state != MandateState.AWAITING_CONSENT:
        raise InvalidInput(
            _("Ce mandat n'attend plus de consentement (état : %s).") % mandate.get_state_display()
        )
    return mandate


def _names_match(typed: str, usager) -> bool:
    words = {w.casefold() for w in typed.replace("-", " ").split()}
    return bool(usager.last_name) and all(
        w.casefold() in words for w in usager.last_name.replace("-", " ").split()
    )


@transaction.atomic
def consent_in_person(
    *,
    mandate: Mandate,
    by,
    identity_check: str,
    method: str,
    signed: bool = False,
    signature_name: str = "",
    signed_form=None,
) -> Consented:
    mandate = _awaiting(mandate, by)
    if identity_check not in IdentityCheck.values:
        raise InvalidInput(_("Indiquez la pièce avec laquelle vous avez vérifié l'identité de la personne."))
    if method == ConsentMethod.SCREEN:
        if not signed:
            raise InvalidInput(_("La personne doit cocher la case pour donner son accord."))
        if not _names_match(signature_name, mandate.usager):
            raise InvalidInput(
                _("La personne signe en écrivant son prénom et son nom (« %s »).")
                % mandate.usager.get_full_name()
            )
    elif method == ConsentMethod.PAPER:
        checked = check_proof(signed_form, what=_("le formulaire signé scanné"))
        mandate.signed_form.save(f"{mandate.pk.hex}-{checked.sha256[:8]}", signed_form, save=False)
    else:
        raise InvalidInput(
            _("Choisissez comment la personne signe : à l'écran ou sur le formulaire imprimé.")
        )
    mandate.identity_check = identity_check
    mandate.signature_name = signature_name.strip()[:200]
    return _activate(mandate, by=by, method=method)


def masked_phone(phone: str) -> str:
    """A mobile number as the aidant may see it: enough to confirm it with the person, not to copy it."""
    if not phone:
        return ""
    national = "0" + phone[3:] if phone.startswith("+33") else phone
    return f"{national[:2]} •• •• •• {national[-2:]}"


@transaction.atomic
def send_consent_code(*, mandate: Mandate, by) -> ConsentCode:
    """Send a 6-digit code to the person's recorded mobile; earlier codes stop working. At most 3 per mandate.

    The code never goes to a number the aidant types: it would let the aidant read it on their own phone
    and record a consent the person never gave. A person without a recorded mobile consents in person.
    """
    mandate = _awaiting(mandate, by)
    phone = mandate.usager.phone
    if not phone:
        raise InvalidInput(
            _(
                "Aucun téléphone mobile n'est enregistré pour cette personne : le code ne peut pas être envoyé. "
                "Recueillez son accord sur place, à l'écran ou sur le formulaire imprimé."
            )
        )
    if not can_receive_sms(phone):
        raise InvalidInput(
            _(
                "Le numéro enregistré pour cette personne est une ligne fixe : il ne reçoit pas les SMS. "
                "Recueillez son accord sur place."
            )
        )
    if mandate.consent_codes.count() >= MAX_CODES_PER_MANDATE:
        raise InvalidInput(
            _("Trois codes ont déjà été envoyés pour ce mandat : recueillez le consentement sur place.")
        )
    now = timezone.now()
    mandate.consent_codes.filter(used_at__isnull=True, locked_at__isnull=True).update(locked_at=now)
    code = f"{secrets.randbelow(1_000_000):06d}"
    consent_code = ConsentCode.objects.create(
        mandate=mandate,
        code_hash=make_password(code),
        phone=phone,
        sent_at=now,
        expires_at=now + CODE_VALIDITY,
    )
    send_notification(
        kind="sms",
        recipient=phone,
        subject="",
        body=_(
            "Guichet : code %(code)s pour accepter le mandat %(ref)s donné à %(org)s. Valable 15 minutes. "
            "Ne le donnez que si vous êtes d'accord avec ce mandat."
        )
        % {"code": code, "ref": mandate.reference, "org": mandate.organisation},
        secret=True,
    )
    journal.record(
        action="mandat.code_envoye",
        actor=by,
        channel=Channel.AIDANT,
        organisation_id=mandate.organisation_id,
        subject_type="mandat",
        subject_id=str(mandate.pk),
        on_behalf_of_id=mandate.usager_id,
        mandate_id=mandate.pk,
    )
    return consent_code


def confirm_consent_code(*, mandate: Mandate, by, code: str) -> Consented:
    """Check the code the person read out or typed. A wrong code counts; the 5th locks it.

    The failure is committed before the error is raised, so the count survives the request's rollback.
    """
    with transaction.atomic():
        mandate = _awaiting(mandate, by)
        current = mandate.consent_codes.select_for_update().filter(used_at__isnull=True).first()
        now = timezone.now()
        error = _check_code(current, code, now)
        if error is None:
            current.used_at = now
            current.save(update_fields=["used_at"])
            mandate.identity_check = ""
            return _activate(mandate, by=by, method=ConsentMethod.SMS)
        if error == "faux":
            current.attempts += 1
            if current.attempts >= MAX_ATTEMPTS:
                current.locked_at = now
            current.save(update_fields=["attempts", "locked_at"])
            journal.record(
                action="mandat.code_bloque" if current.locked_at else "mandat.code_refuse",
                actor=by,
                channel=Channel.AIDANT,
                organisation_id=mandate.organisation_id,
                subject_type="mandat",
                subject_id=str(mandate.pk),
                on_behalf_of_id=mandate.usager_id,
                mandate_id=mandate.pk,
                data={"essais": current.attempts},
            )
    raise InvalidInput(_message(error, current))


def _check_code(current: ConsentCode | None, code: str, now) -> str | None:
    if current is None or current.locked_at is not None:
        return "bloque"
    if current.expires_at <= now:
        return "expire"
    if not check_password("".join(ch for ch in (code or "") if ch.isdigit()), current.code_hash):
        return "faux"
    return None


def _message(error: str, current: ConsentCode | None) -> str:
    if error == "expire":
        return _("Ce code a expiré (il vaut 15 minutes) : envoyez-en un nouveau.")
    if error == "bloque" or (current is not None and current.locked_at is not None):
        return _(
            "Trop d'essais : ce code est bloqué. Envoyez un nouveau code, ou recueillez le consentement sur place."
        )
    left = MAX_ATTEMPTS - current.attempts
    return _("Ce code ne correspond pas. Il reste %d essai(s).") % left


def _tell_the_person(mandate: Mandate) -> None:
    """The person hears of the mandate through their own channel, not through the aidant who made it."""
    notify_account_holder(
        mandate.usager,
        subject=_("Un mandat a été enregistré à votre nom"),
        body=_(
            "Bonjour,\n\n%(org)s peut maintenant faire des démarches pour vous, jusqu'au %(end)s "
            "(mandat n° %(ref)s).\n\nSi vous n'avez pas donné votre accord, appelez %(org)s "
            "ou le service, et vous pouvez arrêter ce mandat à tout moment avec son numéro et son code."
        )
        % {
            "org": mandate.organisation,
            "end": timezone.localtime(mandate.expires_at).strftime("%d/%m/%Y"),
            "ref": mandate.reference,
        },
        organisation_id=mandate.organisation_id,
    )


def _activate(mandate: Mandate, *, by, method: str) -> Consented:
    now = timezone.now()
    code = new_followup_code()
    mandate.consent_method = method
    mandate.consented_at = now
    mandate.expires_at = now + datetime.timedelta(days=DURATION_DAYS[mandate.duration])
    mandate.followup_code_hash = hash_code(code)
    if mandate.renewed_from_id and mandate.renewed_from.state == MandateState.ACTIVE:
        revoke_mandate(mandate=mandate.renewed_from, by=by, revoked_as=RevokedAs.RENEWAL)
    entry = journal.record(
        action="mandat.consenti",
        actor=by,
        channel=Channel.AIDANT,
        organisation_id=mandate.organisation_id,
        subject_type="mandat",
        subject_id=str(mandate.pk),
        on_behalf_of_id=mandate.usager_id,
        mandate_id=mandate.pk,
        data={"methode": method, "identite": mandate.identity_check, "fin": mandate.expires_at.isoformat()},
    )
    mandate.consent_entry_hash = entry.hash
    _tell_the_person(mandate)
    mandate.pdf.save(f"{mandate.reference}.pdf", ContentFile(documents.mandate_pdf(mandate)), save=False)
    mandate.save()
    return Consented(mandate=mandate, followup_code=code)
