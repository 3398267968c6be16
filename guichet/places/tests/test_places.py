"""Places directory (issue 15): the standard read from its schema, imports, hours, search, links."""

import csv
import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guichet.core.exceptions import InvalidInput
from guichet.places import hours, schema, selectors
from guichet.places.models import Place
from guichet.places.services import duplicates, exports, imports

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


def test_a_place_not_updated_for_a_year_is_shown_as_possibly_out_of_date(client):
    imports.import_places(data=DEMO, source="demo")
    place = Place.objects.get(source_id="mediatheque-villeneuve")
    Place.objects.filter(pk=place.pk).update(date_maj=datetime.date(2025, 6, 1))
    assert "peut-être dépassées" in client.get(f"/lieux/{place.pk}/").content.decode()
    other = Place.objects.get(source_id="ccas-villeneuve")
    assert "peut-être dépassées" not in client.get(f"/lieux/{other.pk}/").content.decode()


def test_the_home_of_an_aidant_and_an_agent_lists_their_own_places(client, login_with_2fa):
    from guichet.accounts.models import Role
    from guichet.accounts.tests.factories import OrganisationFactory, member

    imports.import_places(data=DEMO, source="demo")
    organisation = OrganisationFactory(name="CCAS maison")
    Place.objects.filter(source_id="ccas-villeneuve").update(organisation=organisation)
    from guichet.mandates.tests.factories import habilitated_aidant

    for user in (member(Role.AGENT, organisation=organisation), habilitated_aidant(organisation)):
        login_with_2fa(client, user)
        page = client.get("/comptes/accueil/", follow=True).content.decode()
        assert "Nos lieux d&#x27;accueil" in page or "Nos lieux d'accueil" in page
        assert "CCAS de Villeneuve-sur-Lot" in page and "Médiathèque" not in page


class TestImportPage:
    def test_a_responsable_imports_a_file_and_reads_the_refused_lines(self, client, login_with_2fa):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from guichet.accounts.models import Role
        from guichet.accounts.tests.factories import OrganisationFactory, member

        organisation = OrganisationFactory(name="France Services essai")
        login_with_2fa(client, member(Role.RESPONSABLE, organisation=organisation))
        lines = DEMO.decode().splitlines()
        lines[2] = lines[2].replace(",47300,", ",473,")
        upload = SimpleUploadedFile("lieux.csv", "\n".join(lines).encode("cp1252"))
        response = client.post(
            "/gestion/lieux/importer/",
            {"fichier": upload, "source": "essai", "organisation": str(organisation.pk)},
        )
        content = response.content.decode()
        assert response.status_code == 200 and "Créés : 4" in content and "lignes refusées : 1" in content
        assert "<td>3</td>" in content and "<td>code_postal</td>" in content
        assert Place.objects.filter(organisation=organisation).count() == 4

    def test_only_responsables_import(self, client, login_with_2fa):
        from guichet.accounts.models import Role
        from guichet.accounts.tests.factories import member

        login_with_2fa(client, member(Role.AGENT))
        assert client.get("/gestion/lieux/importer/").status_code == 403


class TestDuplicates:
    def test_the_same_place_in_two_sources_is_proposed_then_merged_only_when_asked(
        self, client, login_with_2fa
    ):
        from guichet.accounts.models import Role
        from guichet.accounts.tests.factories import OrganisationFactory, member
        from guichet.core.journal import JournalEntry

        imports.import_places(data=DEMO, source="reseau-a")
        lines = DEMO.decode().splitlines()
        twin = lines[2].replace(
            "France Services de Villeneuve-sur-Lot", "Maison France Services Villeneuve-sur-Lot"
        )
        twin = twin.replace("44.4069", "44.4070")
        imports.import_places(data="\n".join([lines[0], twin]).encode(), source="reseau-b")
        organisation = OrganisationFactory(name="FS Villeneuve")
        Place.objects.filter(source="reseau-a", source_id="france-services-villeneuve").update(
            organisation=organisation
        )
        found = duplicates.candidates()
        assert len(found) == 1 and {found[0].first.source, found[0].second.source} == {"reseau-a", "reseau-b"}
        assert Place.objects.filter(merged_into__isnull=True).count() == 6  # nothing merged silently
        login_with_2fa(client, member(Role.RESPONSABLE, organisation=organisation))
        page = client.get("/gestion/lieux/doublons/").content.decode()
        assert "Maison France Services Villeneuve-sur-Lot" in page
        keep = Place.objects.get(source="reseau-a", source_id="france-services-villeneuve")
        other = Place.objects.get(source="reseau-b")
        client.post("/gestion/lieux/doublons/", {"garder": str(keep.pk), "fusionner": str(other.pk)})
        other.refresh_from_db()
        assert other.merged_into == keep
        assert JournalEntry.objects.filter(action="lieu.fusionne").exists()
        assert [p.nom for p in selectors.search(where="47300")].count(
            "Maison France Services Villeneuve-sur-Lot"
        ) == 0
        assert client.get(f"/lieux/{other.pk}/")["Location"] == f"/lieux/{keep.pk}/"

    def test_different_places_nearby_are_not_proposed(self):
        imports.import_places(data=DEMO, source="a")
        assert duplicates.candidates() == []  # one source only, and different names


class TestReferral:
    """Issue 15, item 6: a closed-loop referral, journaled, the person told through their channel."""

    @pytest.fixture
    def world(self):
        from guichet.accounts.models import Role
        from guichet.accounts.tests.factories import OrganisationFactory, member
        from guichet.mandates.tests.factories import habilitated_aidant

        imports.import_places(data=DEMO, source="demo")
        receiving = OrganisationFactory(name="CCAS d'accueil")
        sending = OrganisationFactory(name="France Services orienteuse")
        place = Place.objects.get(source_id="ccas-villeneuve")
        place.organisation = receiving
        place.save()
        return {
            "place": place,
            "aidant": habilitated_aidant(sending),
            "agent": member(Role.AGENT, organisation=receiving),
            "stranger": member(Role.AGENT, organisation=OrganisationFactory()),
        }

    def test_the_round_trip(self, client, login_with_2fa, world):
        from guichet.core.journal import JournalEntry
        from guichet.core.models import Notification

        login_with_2fa(client, world["aidant"])
        place = world["place"]
        refused = client.post(
            f"/lieux/{place.pk}/orienter/",
            {
                "person_name": "Awa Traoré",
                "need": "Aide aux démarches administratives",
                "notify_by": "sms",
                "contact": "06 12 34 56 78",
            },
        )
        assert refused.status_code == 400 and "Sans l&#x27;accord" in refused.content.decode()
        response = client.post(
            f"/lieux/{place.pk}/orienter/",
            {
                "person_name": "Awa Traoré",
                "need": "Aide aux démarches administratives",
                "notify_by": "sms",
                "contact": "06 12 34 56 78",
                "shared_note": "Apporter le dernier avis d'impôt.",
                "consent": "on",
            },
        )
        assert response.status_code == 302
        referral = place.referrals.get()
        sms = Notification.objects.get(kind="sms")
        assert sms.recipient == "+33612345678" and "12 rue de la Mairie" in sms.body and "lundi" in sms.body
        assert "avis d'impôt" in sms.body
        # The place answers and says what happened; someone of another structure cannot.
        login_with_2fa(client, world["stranger"])
        assert client.post(f"/orientations/{referral.pk}/accepter/").status_code == 404
        login_with_2fa(client, world["agent"])
        assert "Awa Traoré" in client.get("/orientations/").content.decode()
        client.post(f"/orientations/{referral.pk}/refuser/", {"motif": ""})
        referral.refresh_from_db()
        assert referral.status == "envoyee"  # a refusal needs its reason
        client.post(f"/orientations/{referral.pk}/accepter/")
        client.post(f"/orientations/{referral.pk}/suite/", {"suite": "aidee"})
        referral.refresh_from_db()
        assert (referral.status, referral.outcome) == ("acceptee", "aidee")
        actions = set(
            JournalEntry.objects.filter(subject_id=str(referral.pk)).values_list("action", flat=True)
        )
        assert actions == {"orientation.envoyee", "orientation.acceptee", "orientation.suite"}
        assert not JournalEntry.objects.filter(data__icontains="Traoré").exists()  # no names in the chain
        # The sender sees the outcome.
        login_with_2fa(client, world["aidant"])
        assert "La personne a été aidée" in client.get("/orientations/").content.decode()

    def test_a_sheet_printed_there_and_then_for_someone_without_phone(self, client, login_with_2fa, world):
        login_with_2fa(client, world["aidant"])
        response = client.post(
            f"/lieux/{world['place'].pk}/orienter/",
            {
                "person_name": "Jean Petit",
                "need": "Aide aux démarches administratives",
                "notify_by": "papier",
                "consent": "on",
            },
        )
        content = response.content.decode()
        assert (
            response.status_code == 200
            and "Bonjour Jean Petit" in content
            and "12 rue de la Mairie" in content
        )

    def test_only_staff_orient(self, client):
        place = Place.objects.create(
            source="x",
            source_id="1",
            nom="L",
            commune="Agen",
            code_postal="47000",
            adresse="1 rue",
            date_maj=datetime.date(2026, 1, 1),
        )
        assert client.get(f"/lieux/{place.pk}/orienter/")["Location"].startswith("/comptes/connexion/")


def test_a_name_that_looks_like_a_formula_is_escaped_in_the_csv_and_comes_back_whole():
    lines = DEMO.decode().splitlines()
    hostile = lines[1].replace("CCAS de Villeneuve-sur-Lot", '=HYPERLINK("http://x")', 1)
    imports.import_places(data="\n".join([lines[0], hostile]).encode(), source="a")
    exported = exports.to_csv(Place.objects.filter(source="a"))
    assert "\"'=HYPERLINK" in exported and '"+33553000001"' in exported
    imports.import_places(data=exported.encode(), source="b")
    assert Place.objects.get(source="b").nom.startswith("=HYPERLINK")
    assert exports.to_csv(Place.objects.filter(source="b")) == exported


def test_free_and_walk_in_filters():
    imports.import_places(data=DEMO, source="demo")
    names = [p.nom for p in selectors.search(where="47300", free=True, walk_in=True)]
    assert "Association Lien numérique 47" not in names  # « Gratuit sous condition »
    assert "Médiathèque de Villeneuve-sur-Lot" in names and "CCAS de Villeneuve-sur-Lot" in names


class TestEditing:
    def test_a_responsable_edits_their_place_checked_by_the_standard_and_journaled(
        self, client, login_with_2fa
    ):
        from guichet.accounts.models import Role
        from guichet.accounts.tests.factories import OrganisationFactory, member
        from guichet.core.journal import JournalEntry

        imports.import_places(data=DEMO, source="demo")
        organisation = OrganisationFactory(name="CCAS qui modifie")
        place = Place.objects.get(source_id="ccas-villeneuve")
        place.organisation = organisation
        place.save()
        login_with_2fa(client, member(Role.RESPONSABLE, organisation=organisation))
        url = f"/lieux/{place.pk}/modifier/"
        form = client.get(url)
        assert form.status_code == 200 and "Mo-Fr 08:30-12:00,13:30-17:00" in form.content.decode()
        data = {
            "nom": place.nom,
            "adresse": place.adresse,
            "code_postal": place.code_postal,
            "commune": place.commune,
            "telephone": place.telephone,
            "services": ["Aide aux démarches administratives"],
            "frais_a_charge": ["Gratuit"],
            "modalites_acces": ["Se présenter"],
        }
        refused = client.post(url, {**data, "horaires": "Mo-Fr 25:00-26:00"})
        assert refused.status_code == 400 and "OpenStreetMap" in refused.content.decode()
        place.refresh_from_db()
        assert place.horaires == "Mo-Fr 08:30-12:00,13:30-17:00"  # nothing saved
        client.post(url, {**data, "horaires": "Mo-Sa 09:00-12:00", "has_aidants": "on"})
        place.refresh_from_db()
        assert place.horaires == "Mo-Sa 09:00-12:00" and place.intervals.count() == 6 and place.has_aidants
        assert place.date_maj == timezone.localdate()
        entry = JournalEntry.objects.get(action="lieu.modifie")
        assert "horaires" in entry.data["champs"] and "has_aidants" in entry.data["champs"]

    def test_a_responsable_of_another_structure_cannot(self, client, login_with_2fa):
        from guichet.accounts.models import Role
        from guichet.accounts.tests.factories import OrganisationFactory, member

        imports.import_places(data=DEMO, source="demo")
        place = Place.objects.get(source_id="ccas-villeneuve")
        place.organisation = OrganisationFactory(name="Propriétaire")
        place.save()
        login_with_2fa(client, member(Role.RESPONSABLE, organisation=OrganisationFactory(name="Autre")))
        assert client.get(f"/lieux/{place.pk}/modifier/").status_code == 404


def test_responsables_of_stale_places_are_told_once_a_month():
    from guichet.accounts.models import Role
    from guichet.accounts.tests.factories import OrganisationFactory, member
    from guichet.core.models import Notification
    from guichet.places.services.freshness import notify_stale_places

    imports.import_places(data=DEMO, source="demo")
    organisation = OrganisationFactory(name="Structure distraite")
    member(Role.RESPONSABLE, organisation=organisation, email="resp@exemple.fr")
    Place.objects.filter(source_id="mediatheque-villeneuve").update(
        organisation=organisation, date_maj=datetime.date(2025, 1, 1)
    )
    assert notify_stale_places() == 1
    mail = Notification.objects.get()
    assert mail.recipient == "resp@exemple.fr" and "Médiathèque de Villeneuve-sur-Lot" in mail.body
    assert notify_stale_places() == 0  # not again before a month


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
