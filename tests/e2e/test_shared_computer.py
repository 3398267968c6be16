"""A shared computer hands nothing on (issue 21, finding 8): « J'ai fini, effacer mes traces » on a phone
with JavaScript off, and a login that does not inherit the previous visitor's dossier."""

import pytest

from guichet.accounts.tests.factories import PASSWORD, OrganisationFactory, UserFactory
from guichet.procedures.models import Dossier
from guichet.procedures.tests.factories import published_procedure
from tests.e2e.conftest import ARTIFACTS, check_page, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def procedure():
    return published_procedure(OrganisationFactory(name="CCAS de Villeneuve"), slug="aide-partagee")


def _start(page, live_server):
    page.goto(f"{live_server.url}/demarches/aide-partagee/")
    page.get_by_role("button", name="Commencer").first.click()
    page.wait_for_url("**/commence/")
    return Dossier.objects.get()


def test_i_am_done_clears_the_traces_on_a_phone_without_javascript(
    page_without_js, page, live_server, procedure
):
    nojs = page_without_js
    nojs.set_viewport_size({"width": 360, "height": 740})
    dossier = _start(nojs, live_server)
    nojs.get_by_role("link", name="J'ai fini : effacer mes traces").click()
    nojs.screenshot(path=str(ARTIFACTS / "effacer-traces-360-sans-js.png"), full_page=True)
    nojs.get_by_role("button", name="Effacer mes traces").click()
    assert "Vos traces sont effacées" in nojs.content()
    nojs.screenshot(path=str(ARTIFACTS / "traces-effacees-360-sans-js.png"), full_page=True)
    assert nojs.goto(f"{live_server.url}/dossiers/{dossier.pk}/commence/").status == 404
    # axe-core needs JavaScript: the same pages, checked at 360 px in a page where it runs.
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/j-ai-fini/")
    check_page(page, "effacer-traces-360")
    page.get_by_role("button", name="Effacer mes traces").click()
    page.get_by_text("Plus rien de ce que vous avez ouvert").wait_for()
    check_page(page, "traces-effacees-360")


def test_the_next_person_who_logs_in_does_not_inherit_the_dossier(page, live_server, procedure):
    dossier = _start(page, live_server)
    UserFactory(username="suivante")
    log_in(page, live_server, "suivante", PASSWORD)
    response = page.goto(f"{live_server.url}/dossiers/{dossier.pk}/commence/")
    assert response.status == 404


@pytest.mark.parametrize(("width", "label"), [(360, "telephone-360"), (640, "zoom-200")])
def test_an_aidant_logs_out_on_a_phone_or_at_200_percent_without_javascript(
    page_without_js, page, live_server, width, label
):
    from guichet.accounts.models import Role
    from guichet.accounts.tests.factories import member, totp_device

    aidant = member(Role.AIDANT, username=f"aidant-{width}")
    other = member(Role.AIDANT, username=f"collegue-{width}")  # a one-time code is refused twice
    totp_device(aidant), totp_device(other)
    nojs = page_without_js
    nojs.set_viewport_size({"width": width, "height": 740})
    log_in(nojs, live_server, aidant.username, PASSWORD, totp_user=aidant)
    nojs.get_by_role("button", name="Se déconnecter").click()
    nojs.wait_for_url(f"{live_server.url}/")
    assert (
        nojs.get_by_role("navigation", name="Menu principal")
        .get_by_role("link", name="Se connecter")
        .is_visible()
    )
    assert nojs.goto(f"{live_server.url}/comptes/mon-compte/").url.startswith(
        f"{live_server.url}/comptes/connexion/"
    )
    # axe-core needs JavaScript: the same menu, logged in, checked at that width where it runs.
    page.set_viewport_size({"width": width, "height": 740})
    log_in(page, live_server, other.username, PASSWORD, totp_user=other)
    assert page.get_by_role("button", name="Se déconnecter").is_visible()
    check_page(page, f"menu-connecte-{label}")


def test_after_a_failed_submit_focus_is_on_the_error_summary(page, live_server, procedure):
    """Issue 19, point 8: keyboard and screen-reader users land on the summary (no script needed)."""
    _start(page, live_server)
    page.get_by_role("link", name="Remplir la demande").click()
    page.wait_for_url("**/etape/identite/")
    page.get_by_role("button", name="Continuer").click()
    page.locator(".error-summary").wait_for()
    assert page.evaluate("() => document.activeElement.classList.contains('error-summary')")
    check_page(page, "erreurs-focus")
