from django.db import transaction
from django.utils.translation import gettext as _

from guichet.core.exceptions import InvalidInput
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


@transaction.atomic
def message_to_usager(*, dossier: Dossier, author, body: str) -> Message:
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
    )


@transaction.atomic
def message_from_usager(*, dossier: Dossier, author, body: str, channel: str) -> Message:
    body = _clean(body)
    return Message.objects.create(
        dossier=dossier,
        author=author if author is not None and author.is_authenticated else None,
        from_usager=True,
        body=body,
        channel=channel,
    )
