import pytest
from django.core import mail
from django_otp.oath import TOTP

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import PASSWORD, UserFactory, member, totp_device

pytestmark = pytest.mark.django_db


def test_login_page_is_in_french(client):
    response = client.get("/comptes/connexion/")
    assert "Identifiant ou adresse électronique" in response.content.decode()


def test_usager_logs_in_with_identifier_whatever_the_case(client):
    UserFactory(username="jeannine", email="")
    response = client.post("/comptes/connexion/", {"username": "Jeannine", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/comptes/accueil/").status_code == 200


def test_usager_logs_in_with_email(client):
    UserFactory(username="paul", email="paul@exemple.fr")
    response = client.post("/comptes/connexion/", {"username": "PAUL@exemple.fr", "password": PASSWORD})
    assert response.status_code == 302


def test_wrong_password_keeps_the_identifier_and_explains_in_french(client):
    UserFactory(username="paul")
    response = client.post("/comptes/connexion/", {"username": "paul", "password": "faux"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect" in content
    assert 'value="paul"' in content
    assert "Le formulaire contient" in content


def test_repeated_failures_lock_the_account_for_a_while(client, settings):
    UserFactory(username="cible")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/comptes/connexion/", {"username": "cible", "password": "faux"})
    response = client.post("/comptes/connexion/", {"username": "cible", "password": PASSWORD})
    assert response.status_code in {403, 429}
    assert "bloquée" in response.content.decode()


def test_agent_must_enrol_a_second_factor_before_anything(client):
    agent = member(Role.AGENT, username="agent1")
    client.post("/comptes/connexion/", {"username": "agent1", "password": PASSWORD})
    response = client.get("/comptes/espace/agent/")
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/double-authentification/activer/")
    setup = client.get(response["Location"])
    assert "<svg" in setup.content.decode()
    device = agent.totpdevice_set.get(confirmed=False)
    wrong = client.post(setup.wsgi_request.get_full_path(), {"token": "000000"})
    assert "Le code ne correspond pas" in wrong.content.decode()
    code = f"{TOTP(device.bin_key).token():06d}"
    done = client.post("/comptes/double-authentification/activer/", {"token": code})
    assert "codes de secours" in done.content.decode()
    assert client.get("/comptes/espace/agent/").status_code == 200


def test_enrolled_aidant_must_type_the_current_code(client):
    aidant = member(Role.AIDANT, username="aidant1")
    device = totp_device(aidant)
    client.post("/comptes/connexion/", {"username": "aidant1", "password": PASSWORD})
    response = client.get("/comptes/espace/aidant/")
    assert response["Location"].startswith("/comptes/double-authentification/verifier/")
    refused = client.post("/comptes/double-authentification/verifier/", {"token": "123456"})
    assert "pas valide ou a expiré" in refused.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down guessing after a failure; we are past the wait
    code = f"{TOTP(device.bin_key).token():06d}"
    accepted = client.post(
        "/comptes/double-authentification/verifier/?next=/comptes/espace/aidant/",
        {"token": code, "next": "/comptes/espace/aidant/"},
    )
    assert accepted["Location"] == "/comptes/espace/aidant/"


def test_verification_never_redirects_to_another_site(client):
    responsable = member(Role.RESPONSABLE, username="resp1")
    device = totp_device(responsable)
    client.post("/comptes/connexion/", {"username": "resp1", "password": PASSWORD})
    code = f"{TOTP(device.bin_key).token():06d}"
    response = client.post(
        "/comptes/double-authentification/verifier/", {"token": code, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/comptes/accueil/"


def test_a_recovery_code_works_once(client, login_with_2fa):
    from guichet.accounts.services import regenerate_recovery_codes

    agent = member(Role.AGENT, username="agent2")
    totp_device(agent)
    codes = regenerate_recovery_codes(user=agent)
    client.post("/comptes/connexion/", {"username": "agent2", "password": PASSWORD})
    assert client.post("/comptes/double-authentification/verifier/", {"token": codes[0]}).status_code == 302
    client.post("/comptes/deconnexion/")
    client.post("/comptes/connexion/", {"username": "agent2", "password": PASSWORD})
    again = client.post("/comptes/double-authentification/verifier/", {"token": codes[0]})
    assert again.status_code == 200


def test_password_reset_sends_a_working_link(client):
    UserFactory(username="oubli", email="oubli@exemple.fr")
    response = client.post("/comptes/mot-de-passe/oubli/", {"email": "oubli@exemple.fr"})
    assert response.status_code == 302
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if "/comptes/mot-de-passe/nouveau/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    new_password = "Un-tout-nouveau-mot-2026"
    done = client.post(
        form_page.wsgi_request.path, {"new_password1": new_password, "new_password2": new_password}
    )
    assert done.status_code == 302
    login = client.post("/comptes/connexion/", {"username": "oubli", "password": new_password})
    assert login.status_code == 302


def test_password_reset_does_not_reveal_unknown_addresses(client):
    response = client.post("/comptes/mot-de-passe/oubli/", {"email": "personne@exemple.fr"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_new_recovery_codes_replace_the_old_ones(client):
    from guichet.accounts.services import regenerate_recovery_codes

    agent = member(Role.AGENT, username="agent3")
    totp_device(agent)
    old = regenerate_recovery_codes(user=agent)
    new = regenerate_recovery_codes(user=agent)
    client.post("/comptes/connexion/", {"username": "agent3", "password": PASSWORD})
    assert client.post("/comptes/double-authentification/verifier/", {"token": new[1]}).status_code == 302
    client.post("/comptes/deconnexion/")
    client.post("/comptes/connexion/", {"username": "agent3", "password": PASSWORD})
    assert client.post("/comptes/double-authentification/verifier/", {"token": old[2]}).status_code == 200
