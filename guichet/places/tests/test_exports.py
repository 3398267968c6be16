"""Exports in both standards, the round trip, and the open-data API."""

import csv
import datetime
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guichet.places import schema
from guichet.places.models import Place
from guichet.places.services import exports, imports

DATA = Path(__file__).resolve().parents[1] / "data"
EXAMPLE = (DATA / "mednum-exemple-valide.csv").read_bytes()
# The first five demo places (four in Villeneuve-sur-Lot, one in Agen): the tests count on them.
DEMO = "\n".join((DATA / "demo-lieux.csv").read_text(encoding="utf-8").splitlines()[:6]).encode()

pytestmark = pytest.mark.django_db


class TestExport:
    def test_the_official_example_exports_as_it_was_published(self):
        imports.import_places(data=EXAMPLE, source="mednum")
        exported = exports.to_csv(Place.objects.all())
        original = list(csv.DictReader(io.StringIO(EXAMPLE.decode("utf-8-sig"))))
        again = list(csv.DictReader(io.StringIO(exported)))
        assert again == original

    def test_export_then_import_then_export_is_identical_in_csv_and_json(self):
        imports.import_places(data=DEMO, source="demo")
        first_csv = exports.to_csv(Place.objects.filter(source="demo").order_by("source_id"))
        imports.import_places(data=first_csv.encode(), source="copie")
        assert exports.to_csv(Place.objects.filter(source="copie").order_by("source_id")) == first_csv
        first_json = exports.to_json(Place.objects.filter(source="demo").order_by("source_id"))
        imports.import_places(data=first_json.encode(), filename="l.json", source="copie-json")
        assert exports.to_json(Place.objects.filter(source="copie-json").order_by("source_id")) == first_json


VOCABULARY_ROW = st.fixed_dictionaries(
    {
        "id": st.from_regex(r"[a-z][a-z0-9-]{2,20}", fullmatch=True),
        "pivot": st.from_regex(r"[0-9]{14}", fullmatch=True),
        "nom": st.text(
            alphabet=st.characters(categories=["L", "N", "Zs"], exclude_characters="\x00"),
            min_size=1,
            max_size=40,
        )
        .map(str.strip)
        .filter(bool),
        "commune": st.sampled_from(["Agen", "Villeneuve-sur-Lot", "Saint-Denis"]),
        "code_postal": st.from_regex(r"[0-9]{5}", fullmatch=True),
        "adresse": st.sampled_from(["1 rue de la Paix", "BP 12", "12 bis, place d'Armes"]),
        "latitude": st.floats(min_value=-21, max_value=51, allow_nan=False).map(lambda x: str(round(x, 5))),
        "longitude": st.floats(min_value=-61, max_value=56, allow_nan=False).map(lambda x: str(round(x, 5))),
        "horaires": st.sampled_from(["", "Mo-Fr 09:00-17:00", "Tu,Th 14:00-18:00; Sa 09:00-12:00"]),
        "date_maj": st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2026, 12, 1)).map(
            str
        ),
        "services": st.lists(st.sampled_from(schema.vocabulary("services")), unique=True, max_size=3).map(
            "|".join
        ),
        "frais_a_charge": st.lists(
            st.sampled_from(schema.vocabulary("frais_a_charge")), unique=True, max_size=2
        ).map("|".join),
    }
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(VOCABULARY_ROW, min_size=1, max_size=4, unique_by=lambda r: r["id"]))
def test_any_valid_file_round_trips_export_import_export(rows):
    Place.objects.all().delete()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(schema.fields()))
    writer.writeheader()
    writer.writerows(rows)
    report = imports.import_places(data=out.getvalue().encode(), source="a")
    assert report.rejected == [] and report.created == len(rows)
    first = exports.to_csv(Place.objects.filter(source="a").order_by("source_id"))
    imports.import_places(data=first.encode(), source="b")
    assert exports.to_csv(Place.objects.filter(source="b").order_by("source_id")) == first


class TestOpenDataApi:
    def test_places_are_open_data_filtered_and_paginated(self, client):
        imports.import_places(data=DEMO, source="demo")
        response = client.get("/api/v1/places", {"commune": "47300", "distance": 50, "taille": 2})
        body = response.json()
        assert response.status_code == 200 and body["total"] == 5 and len(body["lieux"]) == 2
        assert set(body["lieux"][0]) == set(schema.fields())
        near = client.get(
            "/api/v1/places", {"commune": "47300", "service": "Aide aux démarches administratives"}
        )
        assert near.json()["total"] == 3

    def test_open_at_a_time_without_offset_is_read_in_france(self, client):
        imports.import_places(data=DEMO, source="demo")
        monday = client.get("/api/v1/places", {"ouvert_le": "2026-12-07T10:00:00"}).json()
        sunday = client.get("/api/v1/places", {"ouvert_le": "2026-12-13T10:00:00+01:00"}).json()
        assert monday["total"] == 3 and sunday["total"] == 0

    def test_a_service_outside_the_standard_is_refused_in_french(self, client):
        response = client.get("/api/v1/places", {"service": "Réparation de vélos"})
        assert response.status_code == 422 and "Service inconnu" in response.json()["erreur"]["message"]

    def test_the_endpoint_is_in_the_openapi_description(self, client):
        assert "/api/v1/places" in client.get("/api/v1/openapi.json").json()["paths"]


def test_a_name_that_looks_like_a_formula_is_escaped_in_the_csv_and_comes_back_whole():
    lines = DEMO.decode().splitlines()
    hostile = lines[1].replace("CCAS de Villeneuve-sur-Lot", '=HYPERLINK("http://x")', 1)
    imports.import_places(data="\n".join([lines[0], hostile]).encode(), source="a")
    exported = exports.to_csv(Place.objects.filter(source="a"))
    assert "\"'=HYPERLINK" in exported and '"+33553000001"' in exported
    imports.import_places(data=exported.encode(), source="b")
    assert Place.objects.get(source="b").nom.startswith("=HYPERLINK")
    assert exports.to_csv(Place.objects.filter(source="b")) == exported


@pytest.mark.parametrize("name", ["mednum.csv", "mednum.json", "data-inclusion.csv", "data-inclusion.json"])
def test_the_directory_downloads_in_both_standards_and_reimports(client, name):
    imports.import_places(data=DEMO, source="demo")
    response = client.get(f"/lieux/export/lieux-{name}")
    assert response.status_code == 200 and response["Content-Disposition"].endswith(f'lieux-{name}"')
    report = imports.import_places(
        data=response.content,
        filename=name,
        source="copie",
        schema_name="data-inclusion" if name.startswith("data-inclusion") else "mednum",
    )
    assert report.created == 5 and report.rejected == []
    assert client.get("/lieux/export/lieux-autre.xls").status_code == 404
