"""Follow-up codes never in clear in sessions or cookies; a shared computer hands nothing on
(issue 21, findings 7 and 8)."""

import re
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import PASSWORD, UserFactory, member
from guichet.core import anonymous_access, session_secrets
from guichet.procedures.models import Dossier
from guichet.procedures.tests.factories import published_procedure
from guichet.procedures.tests.test_services import deposited
from guichet.screening.models import Questionnaire

pytestmark = pytest.mark.django_db
REPO = Path(__file__).resolve().parents[3]
CODE = re.compile(r'class="followup-code">([A-Z0-9 -]+)<')


def _stored_sessions() -> str:
    return " ".join(str(Session.objects.get(pk=s.pk).get_decoded()) for s in Session.objects.all())


def test_a_code_to_hand_over_is_stored_in_the_session_only_encrypted(client):
    procedure = published_procedure()
    response = client.post(f"/demarches/{procedure.slug}/commencer/", follow=True)
    dossier = Dossier.objects.get()
    shown = session_secrets.recall(client.session, "guichet_codes_a_remettre", str(dossier.pk))
    assert shown and shown in response.content.decode()
    stored = _stored_sessions()
    assert shown not in stored and shown.replace("-", "") not in stored
    # The same page still shows it to the session that created it.
    assert shown in client.get(f"/dossiers/{dossier.pk}/commence/").content.decode()


def test_an_agents_new_code_is_shown_once_and_never_put_in_a_cookie(client, login_with_2fa):
    dossier = deposited()
    agent = member(Role.AGENT, organisation=dossier.organisation)
    login_with_2fa(client, agent)
    response = client.post(f"/instruction/dossiers/{dossier.pk}/nouveau-code/")
    assert response.status_code == 200
    code = CODE.search(response.content.decode()).group(1)
    cookies = " ".join(morsel.value for morsel in response.cookies.values())
    assert code not in cookies
    assert code not in _stored_sessions()
    assert code not in client.get(f"/instruction/dossiers/{dossier.pk}/").content.decode()


def test_a_code_kept_under_another_secret_key_is_not_shown(client, settings):
    session = client.session
    session_secrets.keep(session, "guichet_codes_a_remettre", "x", "ABCD-EFGH-JKLM")
    settings.SECRET_KEY = "une-autre-cle-" * 5
    assert session_secrets.recall(session, "guichet_codes_a_remettre", "x") is None


def test_logging_in_on_a_shared_browser_does_not_inherit_the_previous_visitors_dossier_or_screening(client):
    procedure = published_procedure()
    client.post(f"/demarches/{procedure.slug}/commencer/")
    dossier = Dossier.objects.get()
    client.post("/droits/commencer/")
    questionnaire = Questionnaire.objects.get()
    assert client.get(f"/dossiers/{dossier.pk}/commence/").status_code == 200
    assert client.get(f"/droits/{questionnaire.pk}/foyer/").status_code == 200
    UserFactory(username="suivante")
    client.post("/comptes/connexion/", {"username": "suivante", "password": PASSWORD})
    assert client.get(f"/dossiers/{dossier.pk}/commence/").status_code == 404
    assert client.get(f"/droits/{questionnaire.pk}/foyer/").status_code == 404
    assert client.get(f"/droits/{questionnaire.pk}/resultats/").status_code == 404
    questionnaire.refresh_from_db()
    assert questionnaire.usager_id is None


def test_i_am_done_clears_everything_this_browser_holds(client):
    procedure = published_procedure()
    client.post(f"/demarches/{procedure.slug}/commencer/")
    dossier = Dossier.objects.get()
    page = client.get("/j-ai-fini/")
    assert "Effacer mes traces" in page.content.decode()
    done = client.post("/j-ai-fini/")
    assert "Vos traces sont effacées" in done.content.decode()
    assert client.get(f"/dossiers/{dossier.pk}/commence/").status_code == 404
    assert not anonymous_access.holds_anonymous_access(client.session)


def test_every_usager_page_offers_to_clear_the_traces(client):
    assert 'href="/j-ai-fini/"' in client.get("/").content.decode()


def test_every_session_key_of_the_modules_is_cleared_at_login():
    declared = set()
    for path in (REPO / "guichet").rglob("*.py"):
        if "tests" in path.parts:
            continue
        declared |= set(re.findall(r'^[A-Z_]*SESSION_KEY = "(guichet_[a-z_]+)"', path.read_text(), re.M))
    kept_on_purpose = {"guichet_identity_claims"}  # set by the identity provider at this very login
    assert declared - kept_on_purpose == set(anonymous_access.ANONYMOUS_ACCESS_KEYS)
