"""The agents' internal thread on a dossier (the person never sees it)."""

from django.db import transaction
from django.utils.translation import gettext as _

from guichet.core.exceptions import InvalidInput
from guichet.instruction.models import InternalMessage
from guichet.instruction.services import journal
from guichet.instruction.services.following import follow

MAX_LENGTH = 5000


@transaction.atomic
def post_internal(*, dossier, author, body: str) -> InternalMessage:
    body = (body or "").strip()
    if not body:
        raise InvalidInput(_("Le message aux collègues est vide."))
    if len(body) > MAX_LENGTH:
        raise InvalidInput(_("Le message dépasse %d caractères : raccourcissez-le.") % MAX_LENGTH)
    message = InternalMessage.objects.create(dossier=dossier, author=author, body=body)
    follow(dossier=dossier, user=author)
    journal.about_dossier("message_interne", dossier=dossier, actor=author, data={"message": str(message.pk)})
    return message
