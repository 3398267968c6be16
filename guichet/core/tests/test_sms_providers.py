"""SMS that really leave: Brevo and OVHcloud backends against a local fake server that answers as each
provider documents (success, invalid number, quota, time-out), retries, letters instead, delivery receipts
(issue 22, point 3)."""

import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from guichet.core.models import Notification
from guichet.core.notifications import services
from guichet.core.notifications.providers import (
    BrevoSmsBackend,
    OvhSmsBackend,
    PermanentDeliveryError,
    TemporaryDeliveryError,
)

pytestmark = pytest.mark.django_db

# The last two digits of the number choose the fake provider's answer.
INVALID, QUOTA, SLOW = "90", "91", "92"


class FakeProvider(BaseHTTPRequestHandler):
    requests: list = []

    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeProvider.requests.append(
            {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body}
        )
        number = body.get("recipient") or body.get("receivers", [""])[0]
        if number.endswith(SLOW):
            time.sleep(2)
        if "/transactionalSMS/sms" in self.path:
            if number.endswith(INVALID):
                return self._answer(400, {"code": "invalid_parameter", "message": "Invalid phone number"})
            if number.endswith(QUOTA):
                return self._answer(402, {"code": "not_enough_credits", "message": "Not enough credits"})
            return self._answer(201, {"reference": "ref-1", "messageId": 1511882900176220, "smsCount": 1})
        if number.endswith(INVALID):
            return self._answer(200, {"invalidReceivers": [number], "validReceivers": [], "ids": []})
        if number.endswith(QUOTA):
            return self._answer(402, {"message": "Not enough credits"})
        return self._answer(200, {"invalidReceivers": [], "validReceivers": [number], "ids": [987654]})

    def _answer(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def provider(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeProvider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeProvider.requests = []
    url = f"http://127.0.0.1:{server.server_port}"
    settings.BREVO_API_URL, settings.BREVO_API_KEY = url + "/v3", "cle-brevo"
    settings.OVH_API_URL, settings.OVH_SMS_SERVICE_NAME = url + "/1.0", "sms-ab12345-1"
    settings.OVH_APPLICATION_KEY, settings.OVH_APPLICATION_SECRET, settings.OVH_CONSUMER_KEY = (
        "ak",
        "as",
        "ck",
    )
    settings.GUICHET_SMS_TIMEOUT = 1
    yield FakeProvider
    server.shutdown()


def _sms(number="+33612345678", **kwargs) -> Notification:
    return Notification.objects.create(kind="sms", recipient=number, subject="", body="Bonjour", **kwargs)


@pytest.mark.parametrize("backend", [BrevoSmsBackend, OvhSmsBackend])
def test_a_message_accepted_by_the_provider_returns_its_reference(provider, backend):
    artifact = backend().deliver(_sms())
    assert artifact in ("brevo:1511882900176220", "ovh:987654")
    sent = provider.requests[-1]
    if backend is BrevoSmsBackend:
        assert sent["path"] == "/v3/transactionalSMS/sms"
        assert sent["headers"]["api-key"] == "cle-brevo" and sent["body"]["recipient"] == "33612345678"
    else:
        assert sent["path"] == "/1.0/sms/sms-ab12345-1/jobs" and sent["body"]["receivers"] == ["+33612345678"]
        headers = sent["headers"]
        body = json.dumps(sent["body"])
        url = f"{provider_url(provider)}/1.0/sms/sms-ab12345-1/jobs"
        expected = "+".join(["as", "ck", "POST", url, body, headers["x-ovh-timestamp"]])
        assert headers["x-ovh-signature"] == "$1$" + hashlib.sha1(expected.encode()).hexdigest()


def provider_url(provider) -> str:
    from django.conf import settings

    return settings.OVH_API_URL.removesuffix("/1.0")


@pytest.mark.parametrize("backend", [BrevoSmsBackend, OvhSmsBackend])
def test_an_invalid_number_is_a_permanent_failure(provider, backend):
    with pytest.raises(PermanentDeliveryError):
        backend().deliver(_sms("+336123456" + INVALID))


@pytest.mark.parametrize("backend", [BrevoSmsBackend, OvhSmsBackend])
def test_a_quota_or_a_time_out_is_temporary(provider, backend):
    with pytest.raises(TemporaryDeliveryError, match="quota"):
        backend().deliver(_sms("+336123456" + QUOTA))
    with pytest.raises(TemporaryDeliveryError, match="à temps"):
        backend().deliver(_sms("+336123456" + SLOW))


def test_a_temporary_failure_is_retried_later(provider, settings, django_capture_on_commit_callbacks):
    settings.GUICHET_SMS_BACKEND = "guichet.core.notifications.providers.BrevoSmsBackend"
    sms = _sms("+336123456" + QUOTA, fallback_address="Paul Martin\n1 rue Haute\n47300 Villeneuve")
    with django_capture_on_commit_callbacks() as retries:
        services.deliver(notification_id=sms.pk)
    sms.refresh_from_db()
    assert sms.status == "pending" and sms.attempts == 1 and sms.retry_after is not None
    assert "quota" in sms.error and len(retries) == 1
    assert not Notification.objects.filter(kind="letter").exists()


def test_a_message_that_fails_for_good_goes_by_letter_and_the_agent_sees_why(
    provider, settings, client, login_with_2fa
):
    from guichet.accounts.models import Role
    from guichet.accounts.tests.factories import OrganisationFactory, member

    settings.GUICHET_SMS_BACKEND = "guichet.core.notifications.providers.OvhSmsBackend"
    organisation = OrganisationFactory()
    sms = _sms(
        "+336123456" + INVALID,
        fallback_address="Paul Martin\n1 rue Haute\n47300 Villeneuve",
        organisation_id=organisation.pk,
    )
    services.deliver(notification_id=sms.pk)
    sms.refresh_from_db()
    assert sms.status == "failed" and "ne peut pas recevoir de SMS" in sms.error
    letter = Notification.objects.get(kind="letter")
    assert letter.replaces == sms and letter.body == "Bonjour"
    login_with_2fa(client, member(Role.AGENT, organisation=organisation))
    page = client.get("/instruction/courriers/").content.decode()
    assert (
        "Remplace un SMS qui n&#x27;a pas pu partir" in page
        or "Remplace un SMS qui n'a pas pu partir" in page
    )


def test_a_one_time_code_is_never_sent_by_letter(provider, settings):
    settings.GUICHET_SMS_BACKEND = "guichet.core.notifications.providers.BrevoSmsBackend"
    sms = _sms(
        "+336123456" + INVALID, fallback_address="Paul Martin\n1 rue Haute\n47300 Villeneuve", secret=True
    )
    services.deliver(notification_id=sms.pk)
    assert not Notification.objects.filter(kind="letter").exists()


def test_delivery_receipts_are_recorded_and_an_undelivered_sms_goes_by_letter(client, settings):
    settings.GUICHET_SMS_RECEIPT_TOKEN = "jeton-secret"
    delivered = _sms(status="sent", artifact="brevo:42")
    lost = _sms(
        status="sent", artifact="ovh:77", fallback_address="Paul Martin\n1 rue Haute\n47300 Villeneuve"
    )
    response = client.post(
        "/notifications/accuses/brevo/jeton-secret/",
        {"event": "delivered", "messageId": 42},
        content_type="application/json",
    )
    assert response.status_code == 200
    client.get(
        "/notifications/accuses/ovh/jeton-secret/", {"id": "77", "dlr": "2", "descriptionDlr": "Unknown"}
    )
    delivered.refresh_from_db()
    lost.refresh_from_db()
    assert delivered.delivered_at is not None and delivered.provider_status == "delivered"
    assert lost.status == "failed" and Notification.objects.get(kind="letter").replaces == lost
    assert (
        client.get("/notifications/accuses/ovh/mauvais-jeton/", {"id": "77", "dlr": "1"}).status_code == 404
    )
