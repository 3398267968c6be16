"""The person's pages: from the place to the booking, without an account, and back with reference + code."""

from unittest import mock

import pytest
from django.urls import reverse

from guichet.appointments.models import Booking
from guichet.appointments.tests.factories import MONDAY, make_motif
from guichet.appointments.tests.test_slots import at

pytestmark = pytest.mark.django_db
NOW = at(MONDAY, 7)


@pytest.fixture(autouse=True)
def frozen_now():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield


def test_a_place_page_offers_booking_and_lists_its_motifs(client):
    motif = make_motif(documents_to_bring="Pièce d'identité")
    detail = client.get(reverse("places:detail", args=[motif.place.pk]))
    assert reverse("appointments:place", args=[motif.place.pk]) in detail.text
    page = client.get(reverse("appointments:place", args=[motif.place.pk]))
    assert (
        page.status_code == 200 and "Aide au logement" in page.text and "Pièce d&#x27;identité" in page.text
    )


def test_a_place_without_online_motifs_says_how_else(client):
    motif = make_motif(bookable_online=False)
    page = client.get(reverse("appointments:place", args=[motif.place.pk]))
    assert "ne propose pas de rendez-vous en ligne" in page.text
    assert client.get(reverse("appointments:slots", args=[motif.pk])).status_code == 404


def test_slots_are_listed_by_day_a_week_at_a_time(client):
    motif = make_motif()
    page = client.get(reverse("appointments:slots", args=[motif.pk]))
    assert page.status_code == 200
    assert "Lundi 1 mars" in page.text and "09:00" in page.text
    assert "Lundi 8 mars" not in page.text and "semaine=1" in page.text
    assert "Lundi 8 mars" in client.get(reverse("appointments:slots", args=[motif.pk]) + "?semaine=1").text


def test_booking_without_account_shows_the_code_once_then_finds_it_again(client):
    motif = make_motif()
    url = reverse("appointments:book", args=[motif.pk])
    start = at(MONDAY, 9).isoformat()
    form = client.get(url, {"debut": start})
    assert form.status_code == 200 and "Pas besoin de compte" in form.text
    response = client.post(
        url, {"debut": start, "nom": "Awa Traoré", "telephone": "06 12 34 56 78", "jeton": "j1"}
    )
    booking = Booking.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "appointments:booking", args=[booking.reference]
    )
    page = client.get(response.url)
    code = page.context["code"]
    assert code and code in page.text and "Vous êtes attendu le lundi 1 mars 2027 à 09:00" in page.text
    assert code not in client.get(response.url).text  # shown once
    ics = client.get(reverse("appointments:ics", args=[booking.reference]))
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ics.content
    assert booking.reference.encode() in ics.content
    # another browser: nothing without the code, then the booking with it
    other = client.__class__()
    assert other.get(response.url).status_code == 404
    found = other.post(reverse("appointments:find"), {"reference": booking.reference, "code": code})
    assert found.status_code == 302 and other.get(response.url).status_code == 200


def test_a_double_click_gives_one_booking_and_the_same_page(client):
    motif = make_motif(capacity=2)
    url = reverse("appointments:book", args=[motif.pk])
    data = {"debut": at(MONDAY, 9).isoformat(), "nom": "Awa Traoré", "telephone": "0612345678", "jeton": "j2"}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.url == second.url and Booking.objects.count() == 1


def test_a_slot_taken_meanwhile_gives_a_french_message_and_alternatives_keeping_what_was_typed(client):
    motif = make_motif(capacity=1)
    url = reverse("appointments:book", args=[motif.pk])
    start = at(MONDAY, 9).isoformat()
    client.post(url, {"debut": start, "nom": "Jean Martin", "telephone": "0612345678", "jeton": "a"})
    other = client.__class__()
    page = other.post(url, {"debut": start, "nom": "Awa Traoré", "telephone": "0612345678", "jeton": "b"})
    assert page.status_code == 200 and "vient d&#x27;être pris" in page.text
    assert "Créneaux libres les plus proches" in page.text and 'value="Awa Traoré"' in page.text


def test_missing_contact_is_explained_and_nothing_is_lost(client):
    motif = make_motif()
    page = client.post(
        reverse("appointments:book", args=[motif.pk]), {"debut": at(MONDAY, 9).isoformat(), "nom": "Awa"}
    )
    assert "téléphone portable ou une adresse postale" in page.text and 'value="Awa"' in page.text
    assert not Booking.objects.exists()


def test_cancel_asks_first_then_cancels(client):
    motif = make_motif()
    url = reverse("appointments:book", args=[motif.pk])
    client.post(
        url, {"debut": at(MONDAY, 9).isoformat(), "nom": "Awa", "telephone": "0612345678", "jeton": "c"}
    )
    booking = Booking.objects.get()
    cancel_url = reverse("appointments:cancel", args=[booking.reference])
    confirm = client.post(cancel_url)
    assert "Oui, annuler" in confirm.text and Booking.objects.get().status == Booking.Status.BOOKED
    client.post(cancel_url, {"confirme": "oui"})
    assert Booking.objects.get().status == Booking.Status.CANCELLED
    assert "est annulé" in client.get(reverse("appointments:booking", args=[booking.reference])).text


def test_someone_else_cannot_cancel_or_read_a_booking(client):
    motif = make_motif()
    client.post(
        reverse("appointments:book", args=[motif.pk]),
        {"debut": at(MONDAY, 9).isoformat(), "nom": "Awa", "telephone": "0612345678", "jeton": "d"},
    )
    booking = Booking.objects.get()
    other = client.__class__()
    assert (
        other.post(reverse("appointments:cancel", args=[booking.reference]), {"confirme": "oui"}).status_code
        == 404
    )
    assert other.get(reverse("appointments:ics", args=[booking.reference])).status_code == 404
    assert Booking.objects.get().status == Booking.Status.BOOKED


def test_a_bad_start_goes_back_to_the_slots(client):
    motif = make_motif()
    response = client.get(reverse("appointments:book", args=[motif.pk]), {"debut": "demain"})
    assert response.status_code == 302 and response.url == reverse("appointments:slots", args=[motif.pk])


def test_a_dossier_waiting_for_pieces_and_a_screening_lead_to_booking():
    from django.template import Context, Template

    from guichet.procedures.tests.factories import published_procedure

    procedure = published_procedure()
    motif = make_motif(procedure=procedure, label="Apporter vos pièces")
    html = Template(
        "{% load appointments_tags %}{% booking_links_for_procedure procedure 'Prenez rendez-vous' %}"
    )
    text = html.render(Context({"procedure": procedure}))
    assert "Apporter vos pièces" in text and reverse("appointments:slots", args=[motif.pk]) in text
    near = Template("{% load appointments_tags %}{% booking_links_near code %}")
    assert "Apporter vos pièces" in near.render(Context({"code": "47110"}))  # same département
    assert "Apporter vos pièces" not in near.render(Context({"code": "75011"}))
    assert near.render(Context({"code": "pas un code"})).strip() == ""
