"""Each role logs in through the real pages, and every page it opens passes axe-core."""

import pytest

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import PASSWORD, OrganisationFactory, UserFactory, member, totp_device
from tests.e2e.conftest import check_page, current_totp

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HOMES = {
    Role.AGENT: ("/comptes/espace/agent/", "Espace agent"),
    Role.AIDANT: ("/comptes/espace/aidant/", "Espace aidant"),
    Role.RESPONSABLE: ("/comptes/espace/responsable/", "Espace responsable"),
    Role.ANALYSTE: ("/comptes/espace/analyste/", "Espace analyste"),
}


def _log_in(page, live_server, username, password=PASSWORD):
    page.goto(f"{live_server.url}/comptes/connexion/")
    page.get_by_label("Identifiant ou adresse électronique").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").last.click()


def test_public_pages_are_accessible(page, live_server):
    for path, label in [
        ("/", "accueil"),
        ("/accessibilite/", "accessibilite"),
        ("/mentions-legales/", "mentions"),
    ]:
        page.goto(f"{live_server.url}{path}")
        check_page(page, f"public-{label}")
    page.goto(f"{live_server.url}/comptes/connexion/")
    check_page(page, "public-connexion")
    page.goto(f"{live_server.url}/comptes/mot-de-passe/oubli/")
    check_page(page, "public-mot-de-passe-oublie")
    page.goto(f"{live_server.url}/nulle-part/")
    check_page(page, "public-404")


def test_neutral_theme_is_accessible_and_unbranded(page, live_server, settings):
    settings.GUICHET_THEME = "neutre"
    page.goto(f"{live_server.url}/")
    assert page.locator(".fr-logo").count() == 0
    check_page(page, "neutre-accueil")
    page.goto(f"{live_server.url}/comptes/connexion/")
    page.get_by_role("button", name="Se connecter").last.click()
    check_page(page, "neutre-connexion-erreurs")


@pytest.mark.parametrize("role", list(HOMES))
def test_staff_role_logs_in_with_totp_and_reaches_an_accessible_home(page, live_server, role):
    organisation = OrganisationFactory(name="CCAS de Villeneuve")
    user = member(role, organisation=organisation, username=f"e2e-{role}")
    totp_device(user)
    _log_in(page, live_server, user.username)
    if role != Role.ANALYSTE:
        page.wait_for_url("**/double-authentification/verifier/**")
        check_page(page, f"{role}-code")
        page.get_by_label("Code à usage unique").fill(current_totp(user))
        page.get_by_role("button", name="Valider").click()
    path, heading = HOMES[role]
    page.wait_for_url(f"**{path}")
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert "CCAS de Villeneuve" in page.content()
    check_page(page, f"{role}-accueil")
    page.goto(f"{live_server.url}/comptes/mon-compte/")
    check_page(page, f"{role}-mon-compte")


def test_first_login_of_an_agent_enrols_totp(page, live_server):
    from django_otp.oath import TOTP

    user = member(Role.AGENT, username="e2e-nouvel-agent")
    _log_in(page, live_server, user.username)
    page.wait_for_url("**/double-authentification/activer/**")
    check_page(page, "agent-activation-2fa")
    device = user.totpdevice_set.get(confirmed=False)
    page.get_by_label("Code à usage unique").fill(f"{TOTP(device.bin_key).token():06d}")
    page.get_by_role("button", name="Activer").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Double authentification activée"
    check_page(page, "agent-codes-de-secours")


def test_responsable_creates_an_api_token(page, live_server):
    organisation = OrganisationFactory(name="France Services Test")
    user = member(Role.RESPONSABLE, organisation=organisation, username="e2e-resp-jeton")
    totp_device(user)
    _log_in(page, live_server, user.username)
    page.get_by_label("Code à usage unique").fill(current_totp(user))
    page.get_by_role("button", name="Valider").click()
    page.wait_for_url("**/espace/responsable/")
    page.get_by_label("Libellé du nouveau jeton").fill("Logiciel d'instruction")
    page.get_by_role("button", name="Créer un jeton").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Jeton créé"
    assert page.locator("code.api-key").inner_text().startswith("gui_")
    check_page(page, "responsable-jeton-cree")


def test_usager_without_email_logs_in_without_javascript(page_without_js, page, live_server):
    UserFactory(username="jeannine", email="")
    nojs = page_without_js
    _log_in(nojs, live_server, "jeannine", password="mauvais")
    assert "Identifiant ou mot de passe incorrect" in nojs.content()
    assert nojs.get_by_label("Identifiant ou adresse électronique").input_value() == "jeannine"
    nojs.get_by_label("Mot de passe").fill(PASSWORD)
    nojs.get_by_role("button", name="Se connecter").last.click()
    nojs.wait_for_url("**/comptes/accueil/")
    assert nojs.get_by_role("heading", level=1).inner_text() == "Mon espace"
    # axe-core needs JavaScript: the same pages are checked again in a page where it runs.
    _log_in(page, live_server, "jeannine", password="mauvais")
    check_page(page, "usager-erreur-connexion")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").last.click()
    page.wait_for_url("**/comptes/accueil/")
    check_page(page, "usager-accueil")


def test_accessibility_check_catches_a_violation(page):
    page.set_content('<html lang="fr"><head><title>Essai</title></head><body><img src="x.png"></body></html>')
    with pytest.raises(AssertionError, match="image-alt"):
        check_page(page, "controle-axe")
