from pathlib import Path

import pytest
from django.core import mail

from guichet.core.exceptions import InvalidInput
from guichet.core.models import Notification
from guichet.core.notifications.services import deliver, send_notification

pytestmark = pytest.mark.django_db


def test_email_is_delivered_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = send_notification(
            kind="email", recipient="camille@exemple.fr", subject="Votre dossier", body="Bonjour"
        )
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert mail.outbox[0].to == ["camille@exemple.fr"]
    assert mail.outbox[0].subject == "Votre dossier"


def test_nothing_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_notification(kind="email", recipient="camille@exemple.fr", subject="Objet", body="Corps")
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_sms_is_written_to_a_file_in_development(django_capture_on_commit_callbacks, settings):
    with django_capture_on_commit_callbacks(execute=True):
        notification = send_notification(
            kind="sms", recipient="06 12 34 56 78", subject="Code", body="Code : 1234"
        )
    notification.refresh_from_db()
    assert notification.recipient == "+33612345678"
    content = Path(notification.artifact).read_text(encoding="utf-8")
    assert "+33612345678" in content and "Code : 1234" in content
    assert Path(notification.artifact).parent == Path(settings.NOTIFICATIONS_DIR) / "sms"


def test_letter_is_a_real_pdf_in_the_print_queue(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = send_notification(
            kind="letter",
            recipient="Mme Jeannine Leroy\n4 rue des Lilas\n47300 Villeneuve-sur-Lot",
            subject="Accusé de réception",
            body="Votre demande a bien été reçue.",
        )
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    pdf = Path(notification.artifact).read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 1000


@pytest.mark.parametrize(
    "kind,recipient,fragment",
    [
        ("email", "pas-une-adresse", "adresse électronique"),
        ("sms", "12", "numéro"),
        ("letter", "Une seule ligne", "deux lignes"),
        ("pigeon", "x", "inconnu"),
    ],
)
def test_invalid_recipient_is_refused_in_french(kind, recipient, fragment):
    with pytest.raises(InvalidInput) as excinfo:
        send_notification(kind=kind, recipient=recipient, subject="Objet", body="Corps")
    assert fragment in excinfo.value.message
    assert Notification.objects.count() == 0


def test_delivering_twice_sends_once():
    notification = Notification.objects.create(kind="email", recipient="a@exemple.fr", subject="S", body="B")
    deliver(notification_id=notification.id)
    deliver(notification_id=notification.id)
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.attempts == 1


def test_provider_failure_is_recorded_not_lost(settings):
    settings.GUICHET_SMS_BACKEND = "guichet.core.tests.test_notifications.BrokenBackend"
    notification = Notification.objects.create(kind="sms", recipient="+33612345678", subject="S", body="B")
    deliver(notification_id=notification.id)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED
    assert "prestataire indisponible" in notification.error
    assert notification.attempts == 1


class BrokenBackend:
    def deliver(self, notification):
        raise ConnectionError("prestataire indisponible")


def test_a_secret_is_wiped_from_the_database_once_delivered():
    notification = send_notification(
        kind="sms", recipient="06 12 34 56 78", subject="", body="Votre code : 123456", secret=True
    )
    delivered = deliver(notification_id=notification.pk)
    assert delivered.status == Notification.Status.SENT
    assert "123456" in Path(delivered.artifact).read_text(encoding="utf-8")  # the person got it
    assert "123456" not in Notification.objects.get(pk=notification.pk).body
