"""Places directory (issue 15): search without JavaScript at 360 px, axe on the pages, procedure link."""

from pathlib import Path

import pytest

from guichet.places.models import Place
from guichet.places.services import imports
from tests.e2e.conftest import ARTIFACTS, check_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
DEMO_FILE = Path(__file__).resolve().parents[2] / "guichet/places/data/demo-lieux.csv"
DEMO = "\n".join(DEMO_FILE.read_text(encoding="utf-8").splitlines()[:6]).encode()  # the first five places


@pytest.mark.parametrize("width", [360, 1280])
def test_a_person_finds_a_place_to_get_help_without_javascript(page_without_js, page, live_server, width):
    imports.import_places(data=DEMO, source="demo")
    nojs = page_without_js
    nojs.set_viewport_size({"width": width, "height": 900})
    nojs.goto(f"{live_server.url}/lieux/")
    nojs.get_by_label("Code postal ou commune").fill("47300")
    nojs.get_by_label("Un accueil adapté").select_option("Surdité")
    nojs.get_by_role("button", name="Chercher").click()
    assert "1 lieu trouvé" in nojs.content()
    nojs.screenshot(path=str(ARTIFACTS / f"lieux-recherche-sans-js-{width}.png"), full_page=True)
    nojs.get_by_role("link", name="France Services de Villeneuve-sur-Lot").click()
    assert "Lundi : 9 h à 12 h 30, 13 h 30 à 17 h 30" in nojs.locator("main").inner_text()
    nojs.screenshot(path=str(ARTIFACTS / f"lieu-sans-js-{width}.png"), full_page=True)
    # axe-core needs JavaScript: the same pages where it runs.
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/lieux/?lieu=47300&service=Aide+aux+d%C3%A9marches+administratives")
    check_page(page, f"lieux-recherche-{width}")
    place = Place.objects.get(source_id="france-services-villeneuve")
    page.goto(f"{live_server.url}/lieux/{place.pk}/")
    check_page(page, f"lieu-{width}")


def test_the_referral_round_trip(page, page_without_js, live_server):
    from guichet.accounts.models import Role
    from guichet.accounts.tests.factories import PASSWORD, OrganisationFactory, member, totp_device
    from guichet.mandates.tests.factories import habilitated_aidant
    from tests.e2e.conftest import log_in

    imports.import_places(data=DEMO, source="demo")
    receiving = OrganisationFactory(name="CCAS d'accueil")
    place = Place.objects.get(source_id="ccas-villeneuve")
    place.organisation = receiving
    place.save()
    aidant = habilitated_aidant(
        OrganisationFactory(name="France Services orienteuse"), username="aidant-oriente"
    )
    agent = member(Role.AGENT, organisation=receiving, username="agent-accueil")
    totp_device(aidant), totp_device(agent)
    # The aidant orients, without JavaScript.
    nojs = page_without_js
    log_in(nojs, live_server, aidant.username, PASSWORD, totp_user=aidant)
    nojs.goto(f"{live_server.url}/lieux/{place.pk}/")
    nojs.get_by_role("link", name="Orienter une personne vers ce lieu").click()
    nojs.get_by_label("Nom et prénom de la personne").fill("Awa Traoré")
    nojs.get_by_label("Sur papier, remis en main propre").check(force=True)
    nojs.get_by_label("Ce que le lieu doit savoir").fill("Apporter le dernier avis d'impôt.")
    nojs.get_by_label("La personne est d'accord").check(force=True)
    nojs.get_by_role("button", name="Envoyer l'orientation").click()
    assert "Bonjour Awa Traoré" in nojs.content()
    nojs.screenshot(path=str(ARTIFACTS / "orientation-feuille-sans-js.png"), full_page=True)
    # The place answers, with axe on its page.
    log_in(page, live_server, agent.username, PASSWORD, totp_user=agent)
    page.goto(f"{live_server.url}/orientations/")
    check_page(page, "orientations-recues")
    page.get_by_role("button", name="Accepter").click()
    page.get_by_label("Ce qui s'est passé").select_option("aidee")
    page.get_by_role("button", name="Enregistrer la suite").click()
    assert "Acceptée par le lieu" in page.content() and "aidée" in page.content()
    check_page(page, "orientations-suite")
    referral = place.referrals.get()
    assert (referral.status, referral.outcome) == ("acceptee", "aidee")


@pytest.mark.parametrize("width", [360, 1280])
def test_a_procedure_page_shows_where_to_do_it_in_person_without_javascript(
    page_without_js, page, live_server, width
):
    from guichet.accounts.tests.factories import OrganisationFactory
    from guichet.procedures.tests.factories import published_procedure

    imports.import_places(data=DEMO, source="demo")
    organisation = OrganisationFactory(name="CCAS de Villeneuve")
    procedure = published_procedure(organisation, slug="aide-en-personne")
    Place.objects.filter(source_id="ccas-villeneuve").update(organisation=organisation)
    nojs = page_without_js
    nojs.set_viewport_size({"width": width, "height": 900})
    nojs.goto(f"{live_server.url}/demarches/{procedure.slug}/")
    main = nojs.locator("main").inner_text()
    assert "Où faire cette démarche en personne" in main and "12 rue de la Mairie" in main
    nojs.get_by_role("link", name="CCAS de Villeneuve-sur-Lot").click()
    assert "Horaires de la semaine" in nojs.content()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/demarches/{procedure.slug}/")
    check_page(page, f"demarche-lieux-{width}")
