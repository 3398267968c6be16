"""/api/v1/appointments: public slots and draw records; booking and cancelling with an organisation's token,
its own bookings only; errors in the common French shape."""

from unittest import mock

import pytest

from guichet.accounts.services import create_api_token
from guichet.accounts.tests.factories import OrganisationFactory
from guichet.appointments.models import Booking
from guichet.appointments.tests.factories import MONDAY, make_motif
from guichet.appointments.tests.test_slots import at

pytestmark = pytest.mark.django_db
NOW = at(MONDAY, 7)


@pytest.fixture(autouse=True)
def frozen_now():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield


def headers(organisation):
    _token, key = create_api_token(organisation=organisation, label="Logiciel")
    return {"Authorization": f"Bearer {key}"}


def test_motifs_and_slots_are_public(client):
    motif = make_motif()
    listed = client.get(f"/api/v1/appointments/places/{motif.place_id}/motifs").json()
    assert listed[0]["libelle"] == "Aide au logement" and listed[0]["tirage_au_sort"] is False
    slots = client.get(f"/api/v1/appointments/motifs/{motif.pk}/slots").json()
    assert slots[0]["places_libres"] == 1 and slots[0]["debut"].startswith("2027-03-01T09:00")


def test_an_organisation_books_cancels_and_reads_only_its_own(client):
    motif = make_motif()
    own = headers(motif.organisation)
    body = {"motif": str(motif.pk), "debut": at(MONDAY, 9).isoformat(), "canal": "phone", "nom": "Jean Martin",
            "adresse": "12 rue des Cordeliers 47300"}  # fmt: skip
    created = client.post("/api/v1/appointments/bookings", body, content_type="application/json", headers=own)
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["code"] and data["canal"] == "phone" and data["etat"] == "confirme"
    taken = client.post("/api/v1/appointments/bookings", body, content_type="application/json", headers=own)
    assert taken.status_code == 422 and "vient d'être pris" in taken.json()["erreur"]["message"]
    stranger = headers(OrganisationFactory(name="Autre"))
    assert client.get(f"/api/v1/appointments/bookings/{data['id']}", headers=stranger).status_code == 404
    assert (
        client.post(f"/api/v1/appointments/bookings/{data['id']}/cancel", headers=stranger).status_code == 404
    )
    cancelled = client.post(f"/api/v1/appointments/bookings/{data['id']}/cancel", headers=own).json()
    assert cancelled["etat"] == "annule" and cancelled["code"] is None
    assert Booking.objects.get().status == Booking.Status.CANCELLED


def test_another_structure_books_as_a_prescriber_and_without_a_token_nothing(client):
    motif = make_motif()
    body = {"motif": str(motif.pk), "debut": at(MONDAY, 9).isoformat(), "canal": "counter", "nom": "Awa",
            "telephone": "06 12 34 56 78"}  # fmt: skip
    assert (
        client.post("/api/v1/appointments/bookings", body, content_type="application/json").status_code == 401
    )
    other = headers(OrganisationFactory(name="Service social"))
    assert (
        client.post(
            "/api/v1/appointments/bookings", body, content_type="application/json", headers=other
        ).status_code
        == 201
    )
    assert Booking.objects.get().by_prescriber


def test_a_bad_channel_is_refused_in_french(client):
    motif = make_motif()
    body = {"motif": str(motif.pk), "debut": at(MONDAY, 9).isoformat(), "canal": "online", "nom": "Awa"}
    response = client.post(
        "/api/v1/appointments/bookings",
        body,
        content_type="application/json",
        headers=headers(motif.organisation),
    )
    assert response.status_code == 422 and "counter, phone ou mail" in response.json()["erreur"]["message"]


def test_the_draw_record_reveals_the_seed_only_after_the_draw(client):
    from guichet.appointments.services import fair
    from guichet.appointments.tests.test_fair import CLOSES, window

    win = window()
    record = client.get(f"/api/v1/appointments/draws/{win.pk}").json()
    assert record["empreinte_graine"] == win.seed_hash and record["graine"] is None
    fair.draw(window=win, now=CLOSES)
    assert client.get(f"/api/v1/appointments/draws/{win.pk}").json()["graine"] == win.seed
