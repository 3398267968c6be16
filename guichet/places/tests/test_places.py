"""Places directory (issue 15): the standard read from its schema, imports, hours, search, links."""

import datetime
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from guichet.core.exceptions import InvalidInput
from guichet.places import hours, schema, selectors
from guichet.places.models import Place
from guichet.places.services import imports

DATA = Path(__file__).resolve().parents[1] / "data"
EXAMPLE = (DATA / "mednum-exemple-valide.csv").read_bytes()
DEMO = (DATA / "demo-lieux.csv").read_bytes()

pytestmark = pytest.mark.django_db


def test_the_vocabularies_come_from_the_official_schema_not_typed_by_hand():
    assert "Aide aux démarches administratives" in schema.vocabulary("services")
    assert "Langues étrangères (anglais)" in schema.vocabulary("prise_en_charge_specifique")
    assert schema.vocabulary("frais_a_charge") == ("Gratuit", "Gratuit sous condition", "Payant")


def test_the_official_example_imports_with_no_rejection_and_twice_changes_nothing():
    report = imports.import_places(data=EXAMPLE, filename="exemple.csv", source="mednum")
    assert (report.created, report.rejected) == (1, [])
    again = imports.import_places(data=EXAMPLE, filename="exemple.csv", source="mednum")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    place = Place.objects.get()
    assert place.services and place.intervals.count() == 11  # Mo-Fr twice a day, Saturday morning


def test_broken_rows_are_reported_with_line_field_and_reason_and_the_good_rows_imported():
    lines = DEMO.decode().splitlines()
    header, good = lines[0], lines[1]
    bad_hours = lines[2].replace("Mo-Fr 09:00-12:30,13:30-17:30; Sa 09:00-12:00", "Mo-Fr 25:00-26:00")
    bad_postcode = lines[3].replace(",47300,", ",473,")
    bad_service = lines[4].replace("Maîtrise des outils numériques du quotidien", "Réparation de vélos")
    data = "\n".join([header, good, bad_hours, bad_postcode, bad_service]).encode()
    report = imports.import_places(data=data, source="essai")
    assert report.created == 1 and report.rejected_rows == 3
    by_line = {line: (name, reason) for line, name, reason in report.rejected}
    assert by_line[3][0] == "horaires" and "OpenStreetMap" in by_line[3][1]
    assert by_line[4][0] == "code_postal"
    assert by_line[5][0] == "services" and "« Réparation de vélos »" in by_line[5][1]


def test_windows_1252_and_semicolons_as_seen_in_published_files():
    text = DEMO.decode()
    rows = [line for line in text.splitlines()]
    import csv
    import io

    reader = csv.reader(io.StringIO("\n".join(rows)))
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(reader)
    report = imports.import_places(data=out.getvalue().encode("cp1252"), source="excel")
    assert report.created == 5 and report.rejected == []
    assert Place.objects.filter(nom="Médiathèque de Villeneuve-sur-Lot").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"nom": "un seul lieu"}', "une liste de lieux"),
        (b"[1, 2]", "une liste de lieux"),
        (b'[{"nom": ', "JSON est illisible"),
        (b"", "vide"),
        (b"a,b,c\n1,2,3\n", "colonnes du standard"),
    ],
)
def test_files_that_are_not_what_they_should_be_get_a_french_error_and_change_nothing(data, message):
    with pytest.raises(InvalidInput, match=message):
        imports.import_places(data=data, filename="f.json" if data.startswith(b"[") else "f.csv", source="x")
    assert not Place.objects.exists()


def test_a_huge_file_is_refused_before_reading(monkeypatch):
    monkeypatch.setattr(imports, "MAX_BYTES", 10)
    with pytest.raises(InvalidInput, match="la limite est de"):
        imports.import_places(data=EXAMPLE, source="x")


def test_a_json_list_imports_like_the_csv():
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(DEMO.decode())))
    report = imports.import_places(data=json.dumps(rows).encode(), filename="lieux.json", source="json")
    assert report.created == 5


def test_dry_run_checks_without_saving():
    report = imports.import_places(data=DEMO, source="essai", dry_run=True)
    assert report.created == 5 and not Place.objects.exists()


def test_the_command_prints_the_report(capsys, tmp_path):
    path = tmp_path / "lieux.csv"
    path.write_bytes(DEMO)
    call_command("import_places", str(path), "--source", "demo")
    assert "créés : 5" in capsys.readouterr().out


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
