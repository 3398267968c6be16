"""Opening hours said in words, and the search a person makes (distance, need, open now…)."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from guichet.places import hours, selectors
from guichet.places.models import Place
from guichet.places.services import imports

DATA = Path(__file__).resolve().parents[1] / "data"
EXAMPLE = (DATA / "mednum-exemple-valide.csv").read_bytes()
# The first five demo places (four in Villeneuve-sur-Lot, one in Agen): the tests count on them.
DEMO = "\n".join((DATA / "demo-lieux.csv").read_text(encoding="utf-8").splitlines()[:6]).encode()

pytestmark = pytest.mark.django_db


class TestHours:
    intervals = hours.weekly_intervals("Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00")

    def at(self, weekday, hour, minute=0):
        return datetime.datetime(2026, 12, 7 + weekday, hour, minute)  # 7 December 2026 is a Monday

    def test_said_in_words_for_now(self):
        assert hours.today_in_words(self.intervals, self.at(0, 10)) == "Ouvert maintenant, jusqu'à 12 h"
        assert (
            hours.today_in_words(self.intervals, self.at(0, 12, 30))
            == "Fermé pour le moment, ouvre aujourd'hui à 14 h"
        )
        assert (
            hours.today_in_words(self.intervals, self.at(4, 18))
            == "Fermé pour aujourd'hui, ouvre demain à 9 h"
        )
        assert hours.today_in_words(self.intervals, self.at(6, 10)) == "Fermé aujourd'hui, ouvre demain à 9 h"
        assert (
            hours.today_in_words(self.intervals, self.at(5, 14))
            == "Fermé pour aujourd'hui, ouvre lundi à 9 h"
        )

    def test_an_impossible_hour_is_refused_not_guessed(self):
        with pytest.raises(hours.InvalidHours):
            hours.weekly_intervals("Mo-Fr 25:00-26:00")


class TestSearch:
    @pytest.fixture(autouse=True)
    def demo(self):
        imports.import_places(data=DEMO, source="demo")

    def test_by_distance_from_the_commune_nearest_first(self):
        near = selectors.search(where="47300", distance_km=20)
        assert len(near) == 4 and "France Services d'Agen" not in [p.nom for p in near]
        assert [p.distance_km for p in near] == sorted(p.distance_km for p in near)
        assert all(p.distance_km < 6 for p in near)  # from the centre of the five communes of 47300
        wider = selectors.search(where="Villeneuve-sur-Lot", distance_km=50)
        agen = next(p for p in wider if p.nom == "France Services d'Agen")
        assert 20 < agen.distance_km < 30  # Villeneuve-sur-Lot to Agen: about 23 km as the crow flies

    def test_a_commune_the_table_does_not_place_falls_back_to_its_department(self):
        fallback = selectors.search(where="47999")
        assert len(fallback) == 5 and all(p.distance_km is None for p in fallback)

    def test_by_need_and_specific_support(self):
        found = selectors.search(where="47300", support="Surdité")
        assert [p.nom for p in found] == ["France Services de Villeneuve-sur-Lot"]
        assert "Médiathèque de Villeneuve-sur-Lot" not in [
            p.nom for p in selectors.search(where="47300", service="Aide aux démarches administratives")
        ]

    def test_open_now(self):
        monday_morning = timezone.make_aware(datetime.datetime(2026, 12, 7, 10, 0))
        sunday = timezone.make_aware(datetime.datetime(2026, 12, 13, 10, 0))
        assert len(selectors.search(where="47300", open_now=True, now=monday_morning)) == 2
        assert len(selectors.search(where="47300", open_now=True, now=sunday)) == 0

    def test_the_page_works_without_javascript_and_says_today_hours(self, client):
        page = client.get("/lieux/", {"lieu": "47300", "service": "Aide aux démarches administratives"})
        content = page.content.decode()
        assert page.status_code == 200 and "France Services de Villeneuve-sur-Lot" in content
        assert '<option value="20" selected>' in content  # a link without a distance says 20 km
        assert "<script" not in content
        place = Place.objects.get(source_id="france-services-villeneuve")
        detail = client.get(f"/lieux/{place.pk}/").content.decode()
        assert "Lundi : 9 h à 12 h 30, 13 h 30 à 17 h 30" in detail and "Dimanche : fermé" in detail

    def test_an_empty_search_asks_for_a_place(self, client):
        content = client.get("/lieux/", {"lieu": ""}).content.decode()
        assert "Indiquez un code postal ou une commune." in content


def test_a_procedure_page_shows_where_to_do_it_in_person_with_today_hours(client):
    from guichet.accounts.tests.factories import OrganisationFactory
    from guichet.procedures.tests.factories import published_procedure

    imports.import_places(data=DEMO, source="demo")
    organisation = OrganisationFactory(name="CCAS essai")
    procedure = published_procedure(organisation)
    place = Place.objects.get(source_id="ccas-villeneuve")
    place.organisation = organisation
    place.save()
    content = client.get(f"/demarches/{procedure.slug}/").content.decode()
    assert "Où faire cette démarche en personne" in content and "12 rue de la Mairie" in content
    assert any(word in content for word in ("Ouvert maintenant", "Fermé"))


def test_free_and_walk_in_filters():
    imports.import_places(data=DEMO, source="demo")
    names = [p.nom for p in selectors.search(where="47300", free=True, walk_in=True)]
    assert "Association Lien numérique 47" not in names  # « Gratuit sous condition »
    assert "Médiathèque de Villeneuve-sur-Lot" in names and "CCAS de Villeneuve-sur-Lot" in names


def test_audience_and_open_on_a_given_day_and_hour(client):
    imports.import_places(data=DEMO, source="demo")
    assert [p.nom for p in selectors.search(where="47300", audience="Seniors")] == [
        "Association Lien numérique 47"
    ]
    tuesday_afternoon = client.get(
        "/lieux/", {"lieu": "47300", "jour": "1", "heure": "15:00"}
    ).content.decode()
    sunday = client.get("/lieux/", {"lieu": "47300", "jour": "6", "heure": "10:00"}).content.decode()
    assert "Association Lien numérique 47" in tuesday_afternoon and "0 lieux trouvés" in sunday
    half = client.get("/lieux/", {"lieu": "47300", "jour": "1"}).content.decode()
    assert "Choisissez le jour et l&#x27;heure" in half or "Choisissez le jour et l'heure" in half
