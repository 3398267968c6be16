import datetime

from django.conf import settings
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
    *,
    kind: str,
    recipient: str,
    subject: str,
    body: str,
    organisation_id=None,
    secret: bool = False,
    fallback_address: str = "",
    replaces: Notification | None = None,
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
        fallback_address=fallback_address,
        replaces=replaces,
    )
    notification_id = str(notification.id)
    transaction.on_commit(lambda: deliver_notification.enqueue(notification_id))
    return notification


@task()
def deliver_notification(notification_id: str) -> str:
    """The background task: deliver one notification (the worker runs it once the write is committed)."""
    return deliver(notification_id=notification_id).status


def deliver(*, notification_id: str) -> Notification:
    """Deliver one pending notification; safe to run twice (a sent notification is not resent).

    A temporary failure (quota, provider down, time-out) is retried later, with a growing delay, up to
    GUICHET_SMS_MAX_ATTEMPTS; a permanent one (number refused), or the last attempt, marks it failed and an
    SMS then falls back to a letter in the print queue when the person's address is known.
    """
    from guichet.core.notifications.backends import backend_for
    from guichet.core.notifications.providers import TemporaryDeliveryError

    with transaction.atomic():
        notification = Notification.objects.select_for_update().get(pk=notification_id)
        if notification.status != Notification.Status.PENDING:
            return notification
        notification.attempts += 1
        try:
            notification.artifact = backend_for(notification.kind).deliver(notification)[:500]
        except TemporaryDeliveryError as exc:
            notification.error = str(exc)
            if notification.attempts < settings.GUICHET_SMS_MAX_ATTEMPTS:
                delay = datetime.timedelta(minutes=2**notification.attempts)
                notification.retry_after = timezone.now() + delay
                _enqueue_retry(notification)
            else:
                _failed_for_good(notification)
        except Exception as exc:  # noqa: BLE001 — any other provider failure is recorded, not lost
            notification.error = str(exc) or type(exc).__name__
            _failed_for_good(notification)
        else:
            notification.status = Notification.Status.SENT
            notification.sent_at = timezone.now()
            notification.error = ""
            notification.retry_after = None
            if notification.secret:
                notification.body = SECRET_WIPED
        notification.save(
            update_fields=["attempts", "artifact", "status", "sent_at", "error", "body", "retry_after"]
        )
    return notification


def _enqueue_retry(notification: Notification) -> None:
    notification_id, run_after = str(notification.id), notification.retry_after
    # A backend that cannot wait (the immediate one of the tests) retries at once.
    task = deliver_notification
    if task.get_backend().supports_defer:
        task = task.using(run_after=run_after)
    transaction.on_commit(lambda: task.enqueue(notification_id))


def _failed_for_good(notification: Notification) -> None:
    notification.status = Notification.Status.FAILED
    notification.retry_after = None
    if notification.kind == Notification.Kind.SMS:
        letter_instead(notification)


def letter_instead(sms: Notification) -> Notification | None:
    """A letter in the print queue in place of an SMS that could not reach the person (not for a one-time
    code: a letter arrives after it expired). The agent sees in the queue which SMS it replaces and why."""
    if sms.secret or not sms.fallback_address.strip():
        return None
    return send_notification(
        kind="letter",
        recipient=sms.fallback_address,
        subject=sms.subject or _("Nouvelles de votre démarche"),
        body=sms.body,
        organisation_id=sms.organisation_id,
        replaces=sms,
    )


@transaction.atomic
def record_delivery_receipt(*, artifact: str, delivered: bool, provider_status: str) -> Notification | None:
    """The provider says whether an SMS it took reached the phone; one it could not deliver goes by letter."""
    sms = (
        Notification.objects.select_for_update().filter(kind=Notification.Kind.SMS, artifact=artifact).first()
    )
    if sms is None:
        return None
    sms.provider_status = provider_status[:100]
    if delivered and sms.delivered_at is None:
        sms.delivered_at = timezone.now()
    elif not delivered and sms.status == Notification.Status.SENT:
        sms.status = Notification.Status.FAILED
        sms.error = _("Le prestataire n'a pas pu remettre le SMS (%s).") % provider_status[:100]
        letter_instead(sms)
    sms.save(update_fields=["provider_status", "delivered_at", "status", "error"])
    return sms


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
