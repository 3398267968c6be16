"""« Dites-le-nous une fois » (CRPA L113-12, L114-8): a person's verified data and documents, kept with
their consent until an expiry date, offered again for their next procedure."""

import datetime
import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.core.exceptions import InvalidInput
from guichet.procedures import definition as defn
from guichet.procedures.models import Attachment, Dossier, DossierState, PersonalItem
from guichet.procedures.services.common import lock_dossier

KEEP_DAYS = 365
KEEPABLE_STATES = (DossierState.DEPOSE, DossierState.EN_INSTRUCTION, DossierState.ACCEPTE)


@transaction.atomic
def keep_from_dossier(*, dossier: Dossier, user, consent: bool, days: int = KEEP_DAYS) -> list[PersonalItem]:
    """Copy the dossier's answers and documents into the person's folder, with their explicit consent."""
    if not consent:
        raise InvalidInput(_("Cochez la case pour donner votre accord : rien n'est conservé sans lui."))
    if dossier.usager_id != user.pk:
        raise InvalidInput(_("Seule la personne concernée peut conserver ses informations."))
    if dossier.state not in KEEPABLE_STATES:
        raise InvalidInput(
            _("Ce dossier ne peut pas servir de source : il n'a pas été déposé ou a été refusé.")
        )
    now = timezone.now()
    expires_on = timezone.localdate() + datetime.timedelta(days=days)
    verified_at = now if dossier.state == DossierState.ACCEPTE else None
    version_definition = dossier.procedure_version.definition
    kept = []
    for field in defn.all_fields(version_definition):
        value = dossier.answers.get(field["key"], "")
        if not value or not defn.is_visible(field, dossier.answers):
            continue
        item, _created = PersonalItem.objects.update_or_create(
            user=user,
            kind=PersonalItem.Kind.ANSWERS,
            key=field["key"],
            defaults={
                "label": field["label"],
                "value": value,
                "source_dossier": dossier,
                "verified_at": verified_at,
                "consent_at": now,
                "expires_on": expires_on,
            },
        )
        kept.append(item)
    for attachment in dossier.attachments.all():
        item = PersonalItem.objects.filter(
            user=user, kind=PersonalItem.Kind.DOCUMENT, key=attachment.slot
        ).first()
        if item is not None:
            item.file.delete(save=False)
        else:
            item = PersonalItem(user=user, kind=PersonalItem.Kind.DOCUMENT, key=attachment.slot)
        item.label = defn.field_label(version_definition, attachment.slot)
        item.value = attachment.original_name
        item.content_type = attachment.content_type
        item.source_dossier = dossier
        item.verified_at = verified_at
        item.consent_at = now
        item.expires_on = expires_on
        with attachment.file.open("rb") as handle:
            item.file.save(attachment.original_name, ContentFile(handle.read()), save=False)
        item.save()
        kept.append(item)
    return kept


def offers_for(dossier: Dossier, user) -> list[PersonalItem]:
    """The kept items this dossier asks for (same question or same document), not yet expired."""
    if not user.is_authenticated or dossier.state != DossierState.BROUILLON:
        return []
    version_definition = dossier.procedure_version.definition
    field_keys = {f["key"] for f in defn.all_fields(version_definition)}
    slot_keys = {s.key for s in defn.slots(version_definition)}
    items = PersonalItem.objects.filter(user=user, expires_on__gte=timezone.localdate())
    return [
        item
        for item in items
        if (item.kind == PersonalItem.Kind.ANSWERS and item.key in field_keys)
        or (item.kind == PersonalItem.Kind.DOCUMENT and item.key in slot_keys)
    ]


@transaction.atomic
def reuse(*, dossier_id, user, item_ids: list[str]) -> int:
    """Pre-fill the draft with the chosen items; the person can still change every answer."""
    dossier = lock_dossier(dossier_id)
    if dossier.usager_id != user.pk or dossier.state != DossierState.BROUILLON:
        raise InvalidInput(_("Ces informations ne peuvent pas être reprises pour ce dossier."))
    chosen = [item for item in offers_for(dossier, user) if str(item.pk) in set(item_ids)]
    answers = dict(dossier.answers)
    for item in chosen:
        if item.kind == PersonalItem.Kind.ANSWERS:
            answers[item.key] = item.value
        elif not dossier.attachments.filter(slot=item.key).exists():
            with item.file.open("rb") as handle:
                attachment = Attachment(
                    dossier=dossier,
                    slot=item.key,
                    original_name=item.value,
                    content_type=item.content_type,
                    size=item.file.size,
                    sha256=_sha256(handle),
                    uploaded_by=user,
                    channel=dossier.channel,
                )
                handle.seek(0)
                attachment.file.save(attachment.id.hex, ContentFile(handle.read()), save=False)
            attachment.save()
    dossier.answers = answers
    dossier.lock_version += 1
    dossier.save(update_fields=["answers", "lock_version", "updated_at"])
    return len(chosen)


def _sha256(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(65536), b""):
        digest.update(chunk)
    return digest.hexdigest()


@transaction.atomic
def forget(*, item: PersonalItem) -> None:
    item.file.delete(save=False)
    item.delete()


def purge_expired(*, dry_run: bool = False) -> int:
    """Delete every item past its expiry date (run daily)."""
    expired = PersonalItem.objects.filter(expires_on__lt=timezone.localdate())
    count = expired.count()
    if not dry_run:
        for item in expired:
            forget(item=item)
    return count
