"""Every write on the journal: append an entry, remember or pseudonymise a person's label."""

import re
import secrets
import uuid

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.core.channels import Channel
from guichet.core.exceptions import InvalidInput
from guichet.core.journal.chain import entry_hash
from guichet.core.journal.models import GENESIS_HASH, JournalEntry, JournalHead, JournalPersonLabel

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@transaction.atomic
def record(
    *,
    action: str,
    actor=None,
    channel: str | None = None,
    organisation_id=None,
    subject_type: str,
    subject_id: str,
    on_behalf_of_id=None,
    mandate_id=None,
    data: dict | None = None,
) -> JournalEntry:
    """Append one entry at the end of the chain; `actor=None` means the system acted.

    Names never enter the chain: the actor and the person acted for are stored by id, and their
    labels in `JournalPersonLabel`. `data` holds ids, codes and amounts, never names nor addresses.
    """
    entry = JournalEntry(
        action=_required_text(action, "action", 100),
        actor_id=_uuid_or_none(getattr(actor, "pk", None), "actor"),
        channel=_channel(channel),
        organisation_id=_uuid_or_none(organisation_id, "organisation_id"),
        subject_type=_required_text(subject_type, "subject_type", 100),
        subject_id=_required_text(subject_id, "subject_id", 200),
        on_behalf_of_id=_uuid_or_none(on_behalf_of_id, "on_behalf_of_id"),
        mandate_id=_uuid_or_none(mandate_id, "mandate_id"),
        data=_clean_data(data),
    )
    if actor is not None and entry.actor_id is None:
        raise InvalidInput(_("L'auteur d'une entrée du journal doit être une personne enregistrée."))
    head = _locked_head()
    entry.sequence = head.sequence + 1
    entry.previous_hash = head.hash
    entry.created_at = timezone.now()
    entry.hash = entry_hash(entry)
    entry.save(force_insert=True)
    head.sequence, head.hash = entry.sequence, entry.hash
    head.save(update_fields=["sequence", "hash", "updated_at"])
    if actor is not None:
        _remember_label(person_id=entry.actor_id, label=str(actor))
    if entry.on_behalf_of_id is not None and entry.on_behalf_of_id != entry.actor_id:
        person = get_user_model().objects.filter(pk=entry.on_behalf_of_id).first()
        if person is not None:
            _remember_label(person_id=entry.on_behalf_of_id, label=str(person))
    return entry


@transaction.atomic
def set_person_label(*, person_id, label: str) -> JournalPersonLabel:
    """Tell the journal how to show a person it only knows by id (a usager without an account, say)."""
    person_id = _uuid_or_none(person_id, "person_id")
    if person_id is None:
        raise InvalidInput(_("Indiquez la personne dont le journal doit afficher le libellé."))
    return _remember_label(person_id=person_id, label=_required_text(label, "label", 200))


@transaction.atomic
def pseudonymise_person(*, person_id) -> JournalPersonLabel:
    """Replace a person's label by a pseudonym (RGPD erasure); the chain, which holds no name, stays valid."""
    person_id = _uuid_or_none(person_id, "person_id")
    if person_id is None:
        raise InvalidInput(_("Indiquez la personne à pseudonymiser."))
    label = JournalPersonLabel.objects.select_for_update().filter(person_id=person_id).first()
    if label is not None and label.pseudonymised_at is not None:
        return label
    pseudonym = _("Personne %(code)s") % {"code": secrets.token_hex(4).upper()}
    label, _created = JournalPersonLabel.objects.update_or_create(
        person_id=person_id, defaults={"label": pseudonym, "pseudonymised_at": timezone.now()}
    )
    return label


def _locked_head() -> JournalHead:
    """The head row, locked until the transaction ends: appends wait for each other, in order.

    On SQLite `FOR UPDATE` does nothing, but transactions open in IMMEDIATE mode (settings), which
    already lets one writer at a time in.
    """
    head = JournalHead.objects.select_for_update().filter(pk=JournalHead.SINGLETON).first()
    if head is not None:
        return head
    last = JournalEntry.objects.order_by("-sequence").only("sequence", "hash").first()
    try:
        with transaction.atomic():
            return JournalHead.objects.create(
                pk=JournalHead.SINGLETON,
                sequence=last.sequence if last else 0,
                hash=last.hash if last else GENESIS_HASH,
            )
    except IntegrityError:
        return JournalHead.objects.select_for_update().get(pk=JournalHead.SINGLETON)


def _remember_label(*, person_id: uuid.UUID, label: str) -> JournalPersonLabel:
    current = JournalPersonLabel.objects.filter(person_id=person_id).first()
    if current is None:
        return JournalPersonLabel.objects.create(person_id=person_id, label=label[:200])
    if current.pseudonymised_at is None and current.label != label[:200]:
        current.label = label[:200]
        current.save(update_fields=["label", "updated_at"])
    return current


def _required_text(value, name: str, max_length: int) -> str:
    text = str(value if value is not None else "").strip()
    if not text:
        raise InvalidInput(_("Le champ « %s » d'une entrée du journal est obligatoire.") % name)
    if len(text) > max_length:
        raise InvalidInput(
            _("Le champ « %(name)s » d'une entrée du journal dépasse %(max)d caractères.")
            % {"name": name, "max": max_length}
        )
    return text


def _uuid_or_none(value, name: str) -> uuid.UUID | None:
    if value is None or value == "":
        return None
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError as exc:
        raise InvalidInput(
            _("Le champ « %(name)s » d'une entrée du journal doit être un UUID, pas « %(value)s ».")
            % {"name": name, "value": value}
        ) from exc


def _channel(value: str | None) -> str:
    if value is None or value == "":
        return ""
    if value not in Channel.values:
        raise InvalidInput(_("Canal inconnu : %s.") % value)
    return str(value)


def _clean_data(data: dict | None) -> dict:
    """Only what survives a JSON round trip unchanged on every engine, and nothing like an address."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InvalidInput(_("Les données d'une entrée du journal doivent former un objet JSON."))
    _check_value(data)
    return data


def _check_value(value) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise InvalidInput(_("Les clés des données du journal doivent être du texte."))
            _check_value(item)
    elif isinstance(value, list):
        for item in value:
            _check_value(item)
    elif isinstance(value, str):
        if _EMAIL.search(value):
            raise InvalidInput(
                _("Le journal ne garde aucune adresse électronique : désignez la personne par son id.")
            )
    elif value is not None and not isinstance(value, bool | int):
        raise InvalidInput(
            _(
                "Les données du journal n'acceptent que du texte, des entiers, des booléens, des listes "
                "et des objets (pas de « %s »)."
            )
            % type(value).__name__
        )
