"""Starting a dossier, saving what the person typed, attaching documents."""

import datetime
import hashlib
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.core.channels import Channel
from guichet.core.exceptions import InvalidInput, PermissionDenied
from guichet.core.phone import can_receive_sms, normalize_phone, region_of_address
from guichet.procedures import definition as defn
from guichet.procedures import perms
from guichet.procedures.models import Attachment, Dossier, DossierState, NotifyBy, PieceLater, Procedure
from guichet.procedures.services.common import (
    code_fingerprint,
    lock_dossier,
    new_dossier_number,
    new_followup_code,
    record_event,
    snapshot_answers,
)

CONTACT_NAME_MAX = Dossier._meta.get_field("contact_name").max_length


@dataclass
class StartedDossier:
    dossier: Dossier
    followup_code: str


@transaction.atomic
def start_dossier(
    *,
    procedure: Procedure,
    channel: str,
    actor=None,
    usager=None,
    received_at: datetime.datetime | None = None,
    contact_name: str = "",
) -> StartedDossier:
    """Open a draft on the procedure's current version. The follow-up code is returned once, in clear."""
    version = procedure.versions.filter(published_at__isnull=False).order_by("-number").first()
    if version is None or not procedure.is_published:
        raise InvalidInput(_("Cette démarche n'est pas ouverte pour le moment."))
    if channel not in Channel.values:
        raise InvalidInput(_("Canal inconnu : %s.") % channel)
    if received_at is not None and timezone.is_naive(received_at):
        raise InvalidInput(
            _("Précisez le fuseau horaire de la date de réception, par exemple 2026-12-07T10:30:00+01:00.")
        )
    if received_at is not None and received_at > timezone.now():
        raise InvalidInput(_("La date de réception ne peut pas être dans le futur."))
    if len(contact_name.strip()) > CONTACT_NAME_MAX:
        raise InvalidInput(_("Le nom est trop long : %d caractères au plus.") % CONTACT_NAME_MAX)
    code = new_followup_code()
    name = contact_name.strip() or (usager.get_full_name() if usager else "")
    known = {field["key"] for field in defn.all_fields(version.definition)}
    # The name is asked once: given at the counter or by the account, it fills the form's name field.
    answers = {
        key: name
        for key, source in IDENTITY_FIELDS.items()
        if source == "full_name" and key in known and name
    }
    dossier = Dossier.objects.create(
        answers=answers,
        number=new_dossier_number(),
        procedure_version=version,
        organisation=procedure.organisation,
        channel=channel,
        usager=usager,
        created_by=actor if actor is not None and actor.is_authenticated else None,
        received_at=received_at,
        contact_name=name,
        contact_email=(usager.email if usager else ""),
        notify_by=NotifyBy.EMAIL if usager and usager.email else NotifyBy.NONE,
        followup_code_hash=code_fingerprint(code),
    )
    record_event(
        dossier=dossier, action="start", actor=actor, channel=channel, to_state=DossierState.BROUILLON
    )
    return StartedDossier(dossier=dossier, followup_code=code)


IDENTITY_FIELDS = {
    "nom": "full_name",
    "nom_prenom": "full_name",
    "date_naissance": "birthdate",
    "naissance": "birthdate",
    "email": "email",
    "courriel": "email",
}


@transaction.atomic
def prefill_identity(*, dossier_id, claims: dict) -> Dossier:
    """Fill the empty identity answers from an identity provider's claims (the person can change them)."""
    dossier = lock_dossier(dossier_id)
    if dossier.state != DossierState.BROUILLON or not claims:
        return dossier
    values = {
        "full_name": " ".join(p for p in (claims.get("given_name", ""), claims.get("family_name", "")) if p),
        "birthdate": claims.get("birthdate", ""),
        "email": claims.get("email", ""),
    }
    known = {field["key"] for field in defn.all_fields(dossier.procedure_version.definition)}
    answers = dict(dossier.answers)
    for key, source in IDENTITY_FIELDS.items():
        if key in known and not answers.get(key) and values[source]:
            answers[key] = values[source]
    dossier.answers = answers
    dossier.contact_name = dossier.contact_name or values["full_name"]
    dossier.contact_email = dossier.contact_email or values["email"]
    dossier.lock_version += 1
    dossier.save(update_fields=["answers", "contact_name", "contact_email", "lock_version", "updated_at"])
    return dossier


def _editable(dossier: Dossier, fields: set[str] | None = None) -> None:
    if dossier.state == DossierState.BROUILLON:
        return
    if dossier.state == DossierState.A_COMPLETER and fields is not None:
        allowed = set()
        for correction in dossier.corrections.filter(resolved_at__isnull=True):
            allowed |= set(correction.fields) | set(correction.documents)
        if fields <= allowed:
            return
        raise InvalidInput(_("Seuls les éléments demandés par le service peuvent être modifiés."))
    raise InvalidInput(_("Ce dossier est déposé : il ne peut plus être modifié ainsi."))


STAFF_ENTERED = (Channel.COUNTER, Channel.PHONE, Channel.MAIL)


def _staff_writing(dossier: Dossier, actor) -> bool:
    """Whether this write is by staff of the dossier's organisation (not the person themself).

    Staff fill the dossiers they entered (counter, phone, mail). A person's own online draft, or one an
    aidant fills under mandate, is the person's: staff may write there only in the fields a correction
    opened (a piece or a figure received at the counter). Anything else is refused, not done silently.
    """
    if actor is None or not actor.is_authenticated or dossier.usager_id == actor.pk:
        return False
    if not perms.is_staff_of(actor, dossier):
        return False
    if dossier.channel not in STAFF_ENTERED and dossier.state != DossierState.A_COMPLETER:
        raise PermissionDenied(
            _(
                "Ce dossier est rempli par la personne elle-même (en ligne ou avec un aidant) : le service ne "
                "peut pas le modifier. Attendez son dépôt, puis demandez une correction si besoin."
            )
        )
    return True


def _journal_staff_write(dossier: Dossier, actor, changed: list[str]) -> None:
    """Every staff write leaves a version of the answers and a journal entry naming the agent."""
    snapshot_answers(
        dossier, reason=_("Saisie par le service"), actor=actor, channel=dossier.channel, changed=changed
    )
    record_event(dossier=dossier, action="staff_edit", actor=actor, channel=dossier.channel)


@transaction.atomic
def save_answers(
    *, dossier_id, values: dict, actor=None, expected_lock_version: int | None = None
) -> Dossier:
    """Save values exactly as typed (even invalid ones: nothing typed is ever lost)."""
    dossier = lock_dossier(dossier_id, expected_lock_version=expected_lock_version)
    known = {field["key"] for field in defn.all_fields(dossier.procedure_version.definition)}
    values = {key: str(value)[:5000] for key, value in values.items() if key in known}
    _editable(dossier, set(values) if dossier.state == DossierState.A_COMPLETER else None)
    staff = _staff_writing(dossier, actor)
    changed = {key for key, value in values.items() if dossier.answers.get(key) != value}
    if changed:
        dossier.answers = {**dossier.answers, **values}
        # The name is asked once: the person's full name in the form is also who to write to.
        full_name = next(
            (values[k] for k, source in IDENTITY_FIELDS.items() if source == "full_name" and values.get(k)),
            "",
        )
        if full_name and not dossier.contact_name:
            dossier.contact_name = full_name[:CONTACT_NAME_MAX]
        dossier.lock_version += 1
        dossier.save(update_fields=["answers", "contact_name", "lock_version", "updated_at"])
        if staff:
            _journal_staff_write(dossier, actor, list(changed))
    return dossier


@transaction.atomic
def set_contact(
    *,
    dossier_id,
    contact_name: str,
    contact_email: str,
    contact_phone: str,
    contact_address: str,
    notify_by: str,
    actor=None,
) -> dict[str, str]:
    """How to reach the person. Nothing requires an e-mail address; the chosen channel needs its data.

    Everything typed is saved, even what is wrong; the returned dict names the fields to correct
    (empty when all is well), so the caller shows them without losing anything.
    """
    dossier = lock_dossier(dossier_id)
    _editable(dossier)
    staff = _staff_writing(dossier, actor)
    errors = {}
    email = contact_email.strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["contact_email"] = _(
                "Cette adresse électronique n'est pas valide, par exemple nom@exemple.fr."
            )
    phone = contact_phone.strip()
    if phone:
        try:
            # The person's address says where they live: its territory's numbering is tried first.
            phone = normalize_phone(phone, region=region_of_address(contact_address))
        except InvalidInput as exc:
            errors["contact_phone"] = exc.message
    address = "\n".join(line.strip() for line in contact_address.strip().splitlines() if line.strip())
    required = {
        NotifyBy.EMAIL: (
            "contact_email",
            email,
            _("Indiquez une adresse électronique pour être prévenu par courriel."),
        ),
        NotifyBy.SMS: ("contact_phone", phone, _("Indiquez un numéro de mobile pour être prévenu par SMS.")),
        NotifyBy.LETTER: (
            "contact_address",
            address,
            _("Indiquez votre adresse postale complète pour être prévenu par courrier."),
        ),
    }
    if notify_by not in NotifyBy.values:
        errors["notify_by"] = _("Choisissez comment être prévenu.")
    elif notify_by in required:
        key, value, message = required[notify_by]
        if not value:
            errors.setdefault(key, message)
    if notify_by == NotifyBy.SMS and phone and "contact_phone" not in errors and not can_receive_sms(phone):
        errors["contact_phone"] = _("Ce numéro ne reçoit pas les SMS : choisissez le courrier ou l'appel.")
    if notify_by == NotifyBy.LETTER and address and len(address.splitlines()) < 2:
        errors.setdefault(
            "contact_address", _("Écrivez l'adresse sur plusieurs lignes : rue, puis code postal et ville.")
        )
    if len(contact_name.strip()) > CONTACT_NAME_MAX:
        errors["contact_name"] = _("Le nom est trop long : %d caractères au plus.") % CONTACT_NAME_MAX
    dossier.contact_name = contact_name.strip()[:CONTACT_NAME_MAX]
    dossier.contact_email = email if "contact_email" not in errors else contact_email.strip()[:254]
    dossier.contact_phone = phone[:20] if "contact_phone" not in errors else contact_phone.strip()[:20]
    dossier.contact_address = address[:500]
    dossier.notify_by = notify_by if notify_by in NotifyBy.values else dossier.notify_by
    dossier.lock_version += 1
    dossier.save()
    if staff:
        record_event(dossier=dossier, action="staff_edit", actor=actor, channel=dossier.channel)
    return errors


@transaction.atomic
def add_attachment(*, dossier_id, slot_key: str, uploaded_file, actor=None, channel: str) -> Attachment:
    """Check a file by its content (not its name), its size, then keep it with its fingerprint."""
    dossier = lock_dossier(dossier_id)
    slot = next((s for s in defn.slots(dossier.procedure_version.definition) if s.key == slot_key), None)
    if slot is None:
        raise InvalidInput(_("Cette pièce n'est pas demandée pour cette démarche."))
    _editable(dossier, {slot_key} if dossier.state == DossierState.A_COMPLETER else None)
    staff = _staff_writing(dossier, actor)
    max_bytes = slot.max_size_mb * 1024 * 1024
    if uploaded_file.size == 0:
        raise InvalidInput(_("Le fichier « %s » est vide.") % uploaded_file.name)
    if uploaded_file.size > max_bytes:
        raise InvalidInput(
            _(
                "Le fichier « %(name)s » pèse %(size).1f Mo : la limite est de %(max)d Mo. Réduisez-le ou scannez-le en plus basse résolution."
            )
            % {"name": uploaded_file.name, "size": uploaded_file.size / 1024 / 1024, "max": slot.max_size_mb}
        )
    head = uploaded_file.read(8192)
    uploaded_file.seek(0)
    kind = filetype.guess(head)
    allowed = {defn.FILE_FORMATS[fmt] for fmt in slot.accept}
    if kind is None or kind.mime not in allowed:
        formats = ", ".join(fmt.upper() for fmt in slot.accept)
        raise InvalidInput(
            _(
                "Le fichier « %(name)s » n'est pas un %(formats)s valide (son contenu a été vérifié, pas seulement son nom)."
            )
            % {"name": uploaded_file.name, "formats": formats}
        )
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    attachment = Attachment(
        dossier=dossier,
        slot=slot_key,
        original_name=uploaded_file.name[:255],
        content_type=kind.mime,
        size=uploaded_file.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
        channel=channel,
    )
    attachment.file.save(attachment.id.hex, uploaded_file, save=False)
    attachment.save()
    if slot_key in dossier.pieces_later:
        dossier.pieces_later = {k: v for k, v in dossier.pieces_later.items() if k != slot_key}
        dossier.save(update_fields=["pieces_later", "updated_at"])
    if staff:
        record_event(
            dossier=dossier, action="staff_edit", actor=actor, channel=channel
        )  # the piece came this way (counter, post…)
    return attachment


@transaction.atomic
def remove_attachment(*, attachment: Attachment, actor=None) -> None:
    dossier = lock_dossier(attachment.dossier_id)
    _editable(dossier, {attachment.slot} if dossier.state == DossierState.A_COMPLETER else None)
    if _staff_writing(dossier, actor):
        record_event(dossier=dossier, action="staff_edit", actor=actor, channel=dossier.channel)
    attachment.file.delete(save=False)
    attachment.delete()


@transaction.atomic
def bring_later(*, dossier_id, slot_key: str, how: str, actor=None) -> Dossier:
    """File without a required piece, saying how it will come (CRPA L114-5: an incomplete request is
    received, and the service asks for what is missing). An empty `how` takes the choice back."""
    dossier = lock_dossier(dossier_id)
    _editable(dossier)
    slot = next((s for s in defn.slots(dossier.procedure_version.definition) if s.key == slot_key), None)
    if slot is None:
        raise InvalidInput(_("Cette pièce n'est pas demandée pour cette démarche."))
    if how and how not in PieceLater.values:
        raise InvalidInput(_("Choisissez comment vous apporterez ce papier."))
    staff = _staff_writing(dossier, actor)
    later = {k: v for k, v in dossier.pieces_later.items() if k != slot_key}
    if how:
        later[slot_key] = how
    dossier.pieces_later = later
    dossier.lock_version += 1
    dossier.save(update_fields=["pieces_later", "lock_version", "updated_at"])
    if staff:
        record_event(dossier=dossier, action="staff_edit", actor=actor, channel=dossier.channel)
    return dossier
