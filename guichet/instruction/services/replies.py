"""Ready-made replies of a procedure, each with an SMS-length variant (Démarche Numérique's users ask for it:
#10397)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from guichet.core.exceptions import InvalidInput
from guichet.instruction.models import ReplyTemplate
from guichet.instruction.services import journal
from guichet.procedures.models import NotifyBy

SMS_LENGTH = 320  # two SMS


@transaction.atomic
def save_reply(*, procedure, actor, title: str, body: str, sms_body: str = "") -> ReplyTemplate:
    title, body, sms_body = (
        " ".join((title or "").split()),
        (body or "").strip(),
        " ".join((sms_body or "").split()),
    )
    if not title or not body:
        raise InvalidInput(_("Une réponse type a un titre et un message."))
    if len(sms_body) > SMS_LENGTH:
        raise InvalidInput(_("La version SMS tient en %d caractères au plus.") % SMS_LENGTH)
    try:
        with transaction.atomic():
            reply = ReplyTemplate.objects.create(
                procedure=procedure, title=title[:80], body=body[:5000], sms_body=sms_body
            )
    except IntegrityError:
        raise InvalidInput(_("Une réponse type porte déjà ce titre : choisissez-en un autre.")) from None
    journal.about_procedure("reponse_type", procedure=procedure, actor=actor, data={"reponse": str(reply.pk)})
    return reply


@transaction.atomic
def delete_reply(*, reply: ReplyTemplate, actor) -> None:
    procedure, reply_id = reply.procedure, str(reply.pk)
    reply.delete()
    journal.about_procedure(
        "reponse_type_supprimee", procedure=procedure, actor=actor, data={"reponse": reply_id}
    )


def text_for(reply: ReplyTemplate, dossier) -> str:
    """The reply as the person will get it: the SMS variant for a person told by SMS, when there is one."""
    if dossier.notify_by == NotifyBy.SMS and reply.sms_body:
        return reply.sms_body
    return reply.body
