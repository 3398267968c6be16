"""What structures do with their places: import page, freshness, duplicates, referrals, editing."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from guichet.places import selectors
from guichet.places.models import Place
from guichet.places.services import duplicates, imports

DATA = Path(__file__).resolve().parents[1] / "data"
EXAMPLE = (DATA / "mednum-exemple-valide.csv").read_bytes()
# The first five demo places (four in Villeneuve-sur-Lot, one in Agen): the tests count on them.
DEMO = "\n".join((DATA / "demo-lieux.csv").read_text(encoding="utf-8").splitlines()[:6]).encode()

pytestmark = pytest.mark.django_db


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
