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
