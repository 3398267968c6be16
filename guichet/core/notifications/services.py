from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from guichet.core.exceptions import InvalidInput, NotFound
from guichet.core.models import Notification
from guichet.core.phone import can_receive_sms, normalize_phone, require_sms_capable

SECRET_WIPED = gettext_lazy("Message effacé après l'envoi : il contenait un code ou un lien à usage unique.")


def _clean_recipient(kind: str, recipient: str) -> str:
    recipient = (recipient or "").strip()
    if kind == Notification.Kind.EMAIL:
        try:
            validate_email(recipient)
        except ValidationError as exc:
            raise InvalidInput(_("L'adresse électronique « %s » n'est pas valide.") % recipient) from exc
        return recipient
    if kind == Notification.Kind.SMS:
        return require_sms_capable(normalize_phone(recipient))
    if len([line for line in recipient.splitlines() if line.strip()]) < 2:
        raise InvalidInput(_("Une adresse postale doit tenir sur au moins deux lignes (nom, puis adresse)."))
    return recipient


def send_notification(
    *, kind: str, recipient: str, subject: str, body: str, organisation_id=None, secret: bool = False
) -> Notification:
    """Record a notification and deliver it in the background once the transaction commits.

    A letter is rendered as a PDF and waits in the print queue of `organisation_id` until an agent
    marks it posted (`mark_letter_posted`). A `secret` body (a one-time code, a password link) is
    wiped from the database as soon as it is delivered.
    """
    if kind not in Notification.Kind.values:
        raise InvalidInput(_("Moyen de notification inconnu : %s.") % kind)
    notification = Notification.objects.create(
        kind=kind,
        recipient=_clean_recipient(kind, recipient),
        subject=subject[:200],
        body=body,
        organisation_id=organisation_id,
        secret=secret,
    )
    notification_id = str(notification.id)
    transaction.on_commit(lambda: deliver_notification.enqueue(notification_id))
    return notification


@task()
def deliver_notification(notification_id: str) -> str:
    """The background task: deliver one notification (the worker runs it once the write is committed)."""
    return deliver(notification_id=notification_id).status


def deliver(*, notification_id: str) -> Notification:
    """Deliver one pending notification; safe to run twice (a sent notification is not resent)."""
    from guichet.core.notifications.backends import backend_for

    with transaction.atomic():
        notification = Notification.objects.select_for_update().get(pk=notification_id)
        if notification.status == Notification.Status.SENT:
            return notification
        notification.attempts += 1
        try:
            notification.artifact = backend_for(notification.kind).deliver(notification)
        except Exception as exc:  # noqa: BLE001 — any provider failure is recorded, not lost
            notification.status = Notification.Status.FAILED
            notification.error = f"{type(exc).__name__}: {exc}"
        else:
            notification.status = Notification.Status.SENT
            notification.sent_at = timezone.now()
            notification.error = ""
            if notification.secret:
                notification.body = SECRET_WIPED
        notification.save(update_fields=["attempts", "artifact", "status", "sent_at", "error", "body"])
    return notification


@transaction.atomic
def mark_letter_posted(*, notification_id, organisation_ids, user) -> Notification:
    """An agent put the printed letter in the mail; refused for a letter outside their organisations."""
    notification = (
        Notification.objects.select_for_update()
        .filter(pk=notification_id, kind=Notification.Kind.LETTER, organisation_id__in=organisation_ids)
        .first()
    )
    if notification is None:
        raise NotFound(_("Ce courrier n'existe pas."))
    if notification.posted_at is None:
        notification.posted_at = timezone.now()
        notification.posted_by = user
        notification.save(update_fields=["posted_at", "posted_by"])
    return notification


def notify_account_holder(
    user, *, subject: str, body: str, organisation_id=None, secret: bool = False
) -> Notification | None:
    """Tell a person through their own recorded channel: their e-mail address, else their mobile.

    Used for security events (a second factor added, a mandate given in their name): the message goes
    where only the holder reads it, never to an address typed by whoever triggered the event.
    """
    if user.email:
        return send_notification(
            kind="email",
            recipient=user.email,
            subject=subject,
            body=body,
            organisation_id=organisation_id,
            secret=secret,
        )
    if user.phone and can_receive_sms(user.phone):
        return send_notification(
            kind="sms",
            recipient=user.phone,
            subject="",
            body=body[:640],
            organisation_id=organisation_id,
            secret=secret,
        )
    return None
