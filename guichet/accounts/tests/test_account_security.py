"""Second factor and login lock-out, probed as an attacker would (issue 21, findings 1 and 5)."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import RequestFactory
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from guichet.accounts import lockout, services
from guichet.accounts.models import Role
from guichet.accounts.tests.factories import PASSWORD, UserFactory, member, totp_device
from guichet.core.exceptions import InvalidInput, PermissionDenied

pytestmark = pytest.mark.django_db

SETUP = "/comptes/double-authentification/activer/"


def _code(device) -> str:
    return f"{TOTP(device.bin_key).token():06d}"


class TestSecondFactorEnrolment:
    def test_a_password_alone_never_reaches_a_pending_enrolment_of_an_account_with_a_factor(
        self, client, login_with_2fa
    ):
        agent = member(Role.AGENT, username="victime")
        # The holder, verified, opens the enrolment page and leaves it unconfirmed.
        login_with_2fa(client, agent)
        assert client.get(SETUP).status_code == 200
        pending = agent.totpdevice_set.get(confirmed=False)
        client.logout()
        # Someone with only the password logs in and goes to the same page.
        thief = client
        thief.post("/comptes/connexion/", {"username": "victime", "password": PASSWORD})
        page = thief.get(SETUP)
        assert page.status_code == 302
        assert page["Location"].startswith("/comptes/double-authentification/verifier/")
        posted = thief.post(SETUP, {"token": _code(pending)})
        assert posted.status_code == 302
        assert not TOTPDevice.objects.get(pk=pending.pk).confirmed
        assert thief.get("/comptes/espace/agent/").status_code == 302

    def test_the_service_refuses_a_new_device_from_a_session_that_did_not_pass_the_existing_one(self):
        agent = member(Role.AGENT)
        totp_device(agent)
        with pytest.raises(PermissionDenied):
            services.start_totp_enrolment(user=agent, session_verified=False)
        pending = TOTPDevice.objects.create(user=agent, name="x", confirmed=False)
        with pytest.raises(PermissionDenied):
            services.confirm_totp_enrolment(device=pending, token=_code(pending), session_verified=False)
        assert not TOTPDevice.objects.get(pk=pending.pk).confirmed

    def test_a_pending_enrolment_expires(self):
        agent = member(Role.AGENT)
        device = services.start_totp_enrolment(user=agent, session_verified=False)
        TOTPDevice.objects.filter(pk=device.pk).update(
            created_at=timezone.now() - services.ENROLMENT_VALIDITY - datetime.timedelta(seconds=1)
        )
        device.refresh_from_db()
        with pytest.raises(InvalidInput, match="expiré"):
            services.confirm_totp_enrolment(device=device, token=_code(device), session_verified=False)
        assert services.pending_enrolment(user=agent) is None

    def test_adding_a_second_device_tells_the_holder_through_their_own_channel(
        self, client, login_with_2fa, django_capture_on_commit_callbacks
    ):
        agent = member(Role.AGENT, email="agent@exemple.fr")
        login_with_2fa(client, agent)
        client.get(SETUP)
        pending = agent.totpdevice_set.get(confirmed=False)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(SETUP, {"token": _code(pending)})
        assert "codes de secours" in response.content.decode()
        assert [m.to for m in mail.outbox] == [["agent@exemple.fr"]]
        assert "application d'authentification" in mail.outbox[0].body

    def test_a_first_enrolment_tells_nobody(self, client, django_capture_on_commit_callbacks):
        member(Role.AGENT, username="nouvelle")
        client.post("/comptes/connexion/", {"username": "nouvelle", "password": PASSWORD})
        client.get(SETUP)
        device = TOTPDevice.objects.get(user__username="nouvelle")
        with django_capture_on_commit_callbacks(execute=True):
            client.post(SETUP, {"token": _code(device)})
        assert TOTPDevice.objects.get(pk=device.pk).confirmed
        assert mail.outbox == []


class TestLockout:
    @pytest.mark.parametrize("spelling", ["USAGER2", "uSager2", "usager2@exemple.fr", " Usager2 "])
    def test_after_the_limit_no_spelling_of_the_account_gets_in(self, client, settings, spelling):
        UserFactory(username="usager2", email="usager2@exemple.fr")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post("/comptes/connexion/", {"username": "usager2", "password": "faux"})
        response = client.post("/comptes/connexion/", {"username": spelling, "password": PASSWORD})
        assert response.status_code in {403, 429}
        assert "bloquée" in response.content.decode()

    def test_failures_under_different_spellings_add_up(self, client, settings):
        UserFactory(username="usager3", email="trois@exemple.fr")
        spellings = ["USAGER3", "usager3", "Trois@Exemple.fr", "uSaGeR3", "trois@exemple.fr"]
        for spelling in spellings[: settings.AXES_FAILURE_LIMIT]:
            client.post("/comptes/connexion/", {"username": spelling, "password": "faux"})
        response = client.post("/comptes/connexion/", {"username": "usager3", "password": PASSWORD})
        assert response.status_code in {403, 429}

    def test_a_forwarded_for_header_is_ignored_unless_it_comes_from_a_trusted_proxy(self, settings):
        settings.GUICHET_TRUSTED_PROXIES = ["10.0.0.5"]
        factory = RequestFactory()
        direct = factory.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.1")
        assert lockout.client_address(direct) == "203.0.113.9"
        proxied = factory.get(
            "/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7, 10.0.0.5"
        )
        # The left-most value is whatever the client sent: only the hop the proxy saw is believed.
        assert lockout.client_address(proxied) == "198.51.100.7"
        garbage = factory.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="pas-une-adresse")
        assert lockout.client_address(garbage) == "10.0.0.5"

    def test_the_holder_unlocks_at_once_by_resetting_the_password(self, client, settings):
        user = UserFactory(username="bloquee", email="bloquee@exemple.fr")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post("/comptes/connexion/", {"username": "BLOQUEE", "password": "faux"})
        assert AccessAttempt.objects.filter(username=f"compte:{user.pk}").exists()
        client.post("/comptes/mot-de-passe/oubli/", {"email": "bloquee@exemple.fr"})
        link = next(line for line in mail.outbox[-1].body.splitlines() if "/mot-de-passe/nouveau/" in line)
        path = link[link.index("/comptes/") :].strip()
        form_page = client.get(path, follow=True)
        new_password = "Une-autre-phrase-de-passe-42"
        client.post(
            form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
            {"new_password1": new_password, "new_password2": new_password},
        )
        assert not AccessAttempt.objects.filter(username=f"compte:{user.pk}").exists()
        response = client.post("/comptes/connexion/", {"username": "bloquee", "password": new_password})
        assert response.status_code == 302
