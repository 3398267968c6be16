"""Importing places: the LaMednum standard read from its schema, files as published, data·inclusion."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from guichet.core.exceptions import InvalidInput
from guichet.places import schema
from guichet.places.models import Place
from guichet.places.services import exports, imports

DATA = Path(__file__).resolve().parents[1] / "data"
EXAMPLE = (DATA / "mednum-exemple-valide.csv").read_bytes()
# The first five demo places (four in Villeneuve-sur-Lot, one in Agen): the tests count on them.
DEMO = "\n".join((DATA / "demo-lieux.csv").read_text(encoding="utf-8").splitlines()[:6]).encode()

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


def test_an_id_seen_twice_in_a_file_is_refused_the_second_time():
    lines = DEMO.decode().splitlines()
    report = imports.import_places(data="\n".join([lines[0], lines[1], lines[1]]).encode(), source="x")
    assert report.created == 1 and report.rejected == [
        (3, "id", "identifiant « ccas-villeneuve » déjà vu plus haut dans le fichier")
    ]


def test_the_command_reads_a_large_file_as_a_stream(tmp_path, capsys):
    lines = DEMO.decode().splitlines()
    body = [lines[1].replace("ccas-villeneuve", f"lieu-{n}", 1) for n in range(2500)]  # three batches
    path = tmp_path / "grand.csv"
    path.write_text("\n".join([lines[0], *body]), encoding="utf-8")
    call_command("import_places", str(path), "--source", "grand")
    assert Place.objects.filter(source="grand").count() == 2500
    assert "créés : 2500" in capsys.readouterr().out


class TestDataInclusion:
    STRUCTURES = [
        {
            "source": "dora",
            "id": "dora--fs-agen",
            "nom": "France Services d'Agen",
            "date_maj": "2026-10-01",
            "siret": "21470001500014",
            "commune": "Agen",
            "code_postal": "47000",
            "code_insee": "47001",
            "adresse": "2 place du Docteur Esquirol",
            "latitude": 44.2033,
            "longitude": 0.6163,
            "telephone": "+33553000010",
            "courriel": "contact@fs-agen.fr",
            "horaires_accueil": "Mo-Fr 08:30-17:00",
        },
        {
            "source": "dora",
            "id": "dora--faux",
            "nom": "Lieu",
            "date_maj": "2026-10-01",
            "code_postal": "4700",
        },
    ]

    def test_structures_are_checked_by_the_schema_package_and_imported(self):
        report = imports.import_places(
            data=json.dumps(self.STRUCTURES).encode(),
            filename="s.json",
            source="di",
            schema_name="data-inclusion",
        )
        assert report.created == 1 and report.rejected_rows == 1
        line, field, reason = report.rejected[0]
        assert line == 2 and field == "code_postal" and "data·inclusion" in reason
        place = Place.objects.get(source="di")
        assert place.pivot == "21470001500014" and place.courriels == ["contact@fs-agen.fr"]
        assert place.intervals.count() == 5

    def test_places_export_as_valid_structures_and_come_back(self, client):
        imports.import_places(data=DEMO, source="demo")
        exported = exports.to_inclusion_json(Place.objects.filter(source="demo").order_by("source_id"))
        report = imports.import_places(
            data=exported.encode(), filename="x.json", source="retour", schema_name="data-inclusion"
        )
        assert report.created == 5 and report.rejected == []
        for before in Place.objects.filter(source="demo"):
            after = Place.objects.get(source="retour", source_id=before.source_id)
            assert (after.nom, after.adresse, after.horaires, after.telephone, after.latitude) == (
                before.nom,
                before.adresse,
                before.horaires,
                before.telephone,
                before.latitude,
            )
        body = client.get("/api/v1/places", {"format": "data-inclusion", "taille": 1}).json()
        assert set(body["lieux"][0]) >= {"source", "id", "nom", "date_maj"}

    def test_services_add_their_themes_to_the_place_of_their_structure(self):
        imports.import_places(
            data=json.dumps(self.STRUCTURES[:1]).encode(),
            filename="s.json",
            source="di",
            schema_name="data-inclusion",
        )
        services = [
            {
                "source": "dora",
                "structure_id": "dora--fs-agen",
                "id": "dora--svc-1",
                "nom": "Aide aux démarches",
                "description": "Un conseiller vous aide à faire vos démarches en ligne.",
                "date_maj": "2026-10-01",
                "thematiques": ["numerique--acceder-a-des-services-en-ligne"],
            },
            {
                "source": "dora",
                "structure_id": "dora--inconnue",
                "id": "dora--svc-2",
                "nom": "Autre service",
                "description": "Un autre service, ailleurs.",
                "date_maj": "2026-10-01",
            },
            {
                "source": "dora",
                "structure_id": "dora--fs-agen",
                "id": "dora--svc-3",
                "nom": "Service faux",
                "description": "Un service au thème inconnu.",
                "date_maj": "2026-10-01",
                "thematiques": ["pas-un-theme"],
            },
        ]
        report = imports.import_inclusion_services(
            data=json.dumps(services).encode(), filename="svc.json", source="di"
        )
        assert report.updated == 1 and report.rejected_rows == 2
        assert {field for _line, field, _reason in report.rejected} >= {"structure_id"}
        assert Place.objects.get(source="di").thematiques == ["numerique--acceder-a-des-services-en-ligne"]


def test_a_postal_code_that_is_not_the_communes_is_refused():
    lines = DEMO.decode().splitlines()
    wrong = lines[1].replace(",47300,47323,", ",47000,47323,", 1)
    report = imports.import_places(data="\n".join([lines[0], wrong]).encode(), source="x")
    assert report.created == 0
    assert report.rejected[0][1] == "code_postal" and "Villeneuve-sur-Lot : 47300" in report.rejected[0][2]
