import time

import pytest

from guichet.accounts.models import Role
from guichet.accounts.session_expiry import SEEN_KEY, STARTED_KEY
from guichet.accounts.tests.factories import UserFactory, member

pytestmark = pytest.mark.django_db


def _age_session(client, *, started_ago: float, seen_ago: float) -> None:
    session = client.session
    now = time.time()
    session[STARTED_KEY] = int(now - started_ago)
    session[SEEN_KEY] = int(now - seen_ago)
    session.save()


@pytest.mark.parametrize("role", [Role.AGENT, Role.AIDANT])
def test_staff_session_ends_after_the_idle_timeout(client, login_with_2fa, settings, role):
    settings.GUICHET_STAFF_SESSION_IDLE_MINUTES = 30
    staff = member(role)
    login_with_2fa(client, staff)
    home = f"/comptes/espace/{role}/"
    assert client.get(home).status_code == 200
    _age_session(client, started_ago=31 * 60, seen_ago=31 * 60)
    response = client.get(home)
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/connexion/?next=")
    assert "session=expiree" in response["Location"]
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert "Votre session a pris fin" in page.content.decode()


def test_staff_session_stays_open_while_the_agent_works(client, login_with_2fa, settings):
    settings.GUICHET_STAFF_SESSION_IDLE_MINUTES = 30
    agent = member(Role.AGENT)
    login_with_2fa(client, agent)
    _age_session(client, started_ago=3 * 3600, seen_ago=29 * 60)
    assert client.get("/comptes/espace/agent/").status_code == 200
    assert time.time() - client.session[SEEN_KEY] < 5  # the activity was noted


def test_staff_session_ends_after_the_absolute_limit_even_when_active(client, login_with_2fa, settings):
    settings.GUICHET_STAFF_SESSION_MAX_HOURS = 10
    agent = member(Role.AGENT)
    login_with_2fa(client, agent)
    _age_session(client, started_ago=10 * 3600 + 60, seen_ago=10)
    response = client.get("/comptes/espace/agent/")
    assert response.status_code == 302
    assert "session=expiree" in response["Location"]


def test_usager_session_has_no_staff_idle_timeout(client, settings):
    settings.GUICHET_STAFF_SESSION_IDLE_MINUTES = 1
    usager = UserFactory()
    client.force_login(usager)
    _age_session(client, started_ago=3600, seen_ago=3600)
    assert client.get("/comptes/accueil/").status_code == 200
