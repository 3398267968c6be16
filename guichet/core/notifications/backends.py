"""Delivery backends for the three kinds of notification.

Development backends write to files under NOTIFICATIONS_DIR so a person can open what would have
been sent (e-mails as .eml, SMS as .txt, letters as PDF ready to print). Production plugs in a
provider by pointing GUICHET_SMS_BACKEND / GUICHET_LETTER_BACKEND / EMAIL_BACKEND elsewhere.
"""

from abc import ABC, abstractmethod
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.module_loading import import_string

from guichet.core.models import Notification


class NotificationBackend(ABC):
    @abstractmethod
    def deliver(self, notification: Notification) -> str:
        """Send the notification; return a trace (file path or provider reference)."""


class EmailBackend(NotificationBackend):
    def deliver(self, notification: Notification) -> str:
        message = EmailMessage(
            subject=notification.subject,
            body=notification.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.recipient],
            headers={"X-Guichet-Notification": str(notification.id)},
        )
        message.send(fail_silently=False)
        return f"email:{notification.id}"


def _outbox(kind: str) -> Path:
    folder = Path(settings.NOTIFICATIONS_DIR) / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _stamp(notification: Notification) -> str:
    return f"{timezone.now():%Y%m%d-%H%M%S}-{notification.id}"


class FileSmsBackend(NotificationBackend):
    def deliver(self, notification: Notification) -> str:
        path = _outbox("sms") / f"{_stamp(notification)}.txt"
        path.write_text(f"À : {notification.recipient}\n\n{notification.body}\n", encoding="utf-8")
        return str(path)


class PdfLetterBackend(NotificationBackend):
    """Renders the letter as a PDF with WeasyPrint and leaves it in the print queue folder."""

    def deliver(self, notification: Notification) -> str:
        path = _outbox("letters") / f"{_stamp(notification)}.pdf"
        path.write_bytes(render_letter_pdf(notification))
        return str(path)


def render_letter_pdf(notification: Notification) -> bytes:
    from weasyprint import HTML  # imported lazily: loading Pango costs time at every start

    html = render_to_string(
        "core/letters/letter.html",
        {
            "notification": notification,
            "address_lines": notification.recipient.splitlines(),
            "operator_name": settings.GUICHET_OPERATOR_NAME,
            "service_name": settings.GUICHET_SERVICE_NAME,
            "today": timezone.localdate(notification.created_at),
        },
    )
    return HTML(string=html).write_pdf()


def backend_for(kind: str) -> NotificationBackend:
    paths = {
        Notification.Kind.EMAIL: "guichet.core.notifications.backends.EmailBackend",
        Notification.Kind.SMS: settings.GUICHET_SMS_BACKEND,
        Notification.Kind.LETTER: settings.GUICHET_LETTER_BACKEND,
    }
    return import_string(paths[kind])()
