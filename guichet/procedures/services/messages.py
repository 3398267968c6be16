import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.core.channels import Channel
from guichet.core.exceptions import InvalidInput
from guichet.core.journal import record
from guichet.procedures.models import Dossier, DossierState, Message
from guichet.procedures.services.notify import notify_usager

MAX_MESSAGE_LENGTH = 5000


def _clean(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise InvalidInput(_("Le message est vide."))
    if len(body) > MAX_MESSAGE_LENGTH:
        raise InvalidInput(_("Le message dépasse %d caractères : raccourcissez-le.") % MAX_MESSAGE_LENGTH)
    return body


def _answered(dossier: Dossier) -> None:
    """The person wrote, called or sent a letter: the service no longer waits for their reply."""
    Message.objects.filter(dossier=dossier, awaiting_reply=True).update(awaiting_reply=False)


@transaction.atomic
def message_to_usager(*, dossier: Dossier, author, body: str, awaiting_reply: bool = False) -> Message:
    """An agent writes to the usager; they are told through their own channel."""
    body = _clean(body)
    if dossier.state == DossierState.BROUILLON:
        raise InvalidInput(_("Ce dossier n'est pas encore déposé."))
    notification = notify_usager(
        dossier, subject=_("Nouveau message sur votre dossier n° %s") % dossier.number, body=body
    )
    return Message.objects.create(
        dossier=dossier,
        author=author,
        from_usager=False,
        body=body,
        channel=notification.kind if notification else "",
        notification=notification,
        awaiting_reply=awaiting_reply,
    )


RECORDED_CHANNELS = (Channel.PHONE, Channel.MAIL, Channel.COUNTER)


@transaction.atomic
def record_from_person(
    *, dossier: Dossier, agent, body: str, channel: str, received_on: datetime.date
) -> Message:
    """A letter, a phone call or a visit from the person, noted by an agent as the person's message, with the
    channel and the day it reached the service (the day of the letter, not of the typing)."""
    body = _clean(body)
    if channel not in RECORDED_CHANNELS:
        raise InvalidInput(
            _("Choisissez comment la personne s'est adressée au service : téléphone, courrier ou guichet.")
        )
    today = timezone.localdate()
    if received_on is None or received_on > today:
        raise InvalidInput(_("La date de réception ne peut pas être dans le futur."))
    if received_on < timezone.localtime(dossier.created_at).date():
        raise InvalidInput(_("La date de réception est antérieure au dossier : vérifiez-la."))
    received_at = (
        timezone.now()
        if received_on == today
        else timezone.make_aware(datetime.datetime.combine(received_on, datetime.time(12, 0)))
    )
    message = Message.objects.create(
        dossier=dossier, author=agent, from_usager=True, body=body, channel=channel, received_at=received_at
    )
    _answered(dossier)
    record(
        action="dossier.message_note",
        actor=agent,
        channel=channel,
        organisation_id=dossier.organisation_id,
        subject_type="dossier",
        subject_id=str(dossier.pk),
        on_behalf_of_id=dossier.usager_id,
        data={"message": str(message.pk), "recu_le": received_on.isoformat()},
    )
    return message


@transaction.atomic
def message_from_usager(*, dossier: Dossier, author, body: str, channel: str) -> Message:
    body = _clean(body)
    _answered(dossier)
    return Message.objects.create(
        dossier=dossier,
        author=author if author is not None and author.is_authenticated else None,
        from_usager=True,
        body=body,
        channel=channel,
    )
