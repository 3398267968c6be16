"""The agent's side: the agenda, booking for a caller recorded with the channel used, whether the person
came, the secret calendar feed; and nobody else reaches them."""

from unittest import mock

import pytest
from django.urls import reverse

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import OrganisationFactory, member
from guichet.appointments.models import Booking
from guichet.appointments.services import booking as services
from guichet.appointments.tests.factories import MONDAY, make_motif, make_place
from guichet.appointments.tests.test_slots import at

pytestmark = pytest.mark.django_db
NOW = at(MONDAY, 7)


@pytest.fixture(autouse=True)
def frozen_now():
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield


@pytest.fixture
def motif():
    return make_motif(place=make_place(organisation=OrganisationFactory(name="CCAS")))


@pytest.fixture
def agent(motif):
    return member(Role.AGENT, organisation=motif.organisation)


def test_an_agent_books_for_a_caller_and_reads_the_code_out(client, login_with_2fa, motif, agent):
    login_with_2fa(client, agent)
    url = reverse("appointments:book_for_caller")
    assert motif.label in client.get(url).text
    assert "09:00" in client.get(url, {"motif": motif.pk}).text
    start = at(MONDAY, 9).isoformat()
    page = client.post(
        url,
        {
            "motif": motif.pk,
            "debut": start,
            "nom": "Jean Martin",
            "adresse": "12 rue des Cordeliers, 47300 Villeneuve",
            "canal": "phone",
            "jeton": "k1",
        },
    )
    booking = Booking.objects.get()
    assert booking.channel == "phone" and booking.booked_by == agent
    assert booking.reference in page.text and page.context["code"] in page.text
    agenda = client.get(reverse("appointments:agenda"), {"jour": MONDAY.isoformat()})
    assert "Jean Martin" in agenda.text and "par téléphone" in agenda.text
    client.post(reverse("appointments:outcome", args=[booking.pk]), {"issue": "absente"})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.NO_SHOW


def test_the_week_view_lists_every_day(client, login_with_2fa, motif, agent):
    services.book(
        motif=motif,
        starts_at=at(MONDAY, 10),
        channel="online",
        person_name="Awa",
        phone="0612345678",
        now=NOW,
    )
    login_with_2fa(client, agent)
    page = client.get(reverse("appointments:agenda"), {"jour": MONDAY.isoformat(), "vue": "semaine"})
    assert "Awa" in page.text and "Dimanche 7 mars 2027" in page.text


def test_an_agent_of_another_structure_sees_nothing_and_cannot_act(client, login_with_2fa, motif):
    booking, _code = services.book(
        motif=motif,
        starts_at=at(MONDAY, 10),
        channel="online",
        person_name="Awa",
        phone="0612345678",
        now=NOW,
    )
    stranger = member(Role.AGENT, organisation=OrganisationFactory(name="Autre"))
    login_with_2fa(client, stranger)
    assert "Awa" not in client.get(reverse("appointments:agenda"), {"jour": MONDAY.isoformat()}).text
    assert (
        client.post(reverse("appointments:outcome", args=[booking.pk]), {"issue": "venue"}).status_code == 404
    )
    booking.refresh_from_db()
    assert booking.status == Booking.Status.BOOKED


def test_people_without_the_agent_role_are_refused(client, login_with_2fa, motif):
    assert client.get(reverse("appointments:agenda")).status_code == 302  # to the login page
    login_with_2fa(client, member(Role.AIDANT, organisation=motif.organisation))
    assert client.get(reverse("appointments:agenda")).status_code == 403


def test_the_calendar_feed_is_secret_and_can_be_reset(client, login_with_2fa, motif, agent):
    services.book(
        motif=motif,
        starts_at=at(MONDAY, 10),
        channel="online",
        person_name="Awa",
        phone="0612345678",
        now=NOW,
    )
    login_with_2fa(client, agent)
    first = client.post(reverse("appointments:calendar_link")).context["url"]
    anonymous = client.__class__()
    feed = anonymous.get(first)
    assert feed.status_code == 200 and b"Awa" in feed.content and b"BEGIN:VCALENDAR" in feed.content
    second = client.post(reverse("appointments:calendar_link")).context["url"]
    assert anonymous.get(first).status_code == 404 and anonymous.get(second).status_code == 200
    assert anonymous.get(reverse("appointments:feed", args=["devine"])).status_code == 404


def test_a_social_worker_of_another_structure_books_as_a_prescriber(client, login_with_2fa, motif):
    worker = member(Role.AGENT, organisation=OrganisationFactory(name="Service social départemental"))
    login_with_2fa(client, worker)
    client.post(
        reverse("appointments:book_for_caller"),
        {"motif": motif.pk, "debut": at(MONDAY, 9).isoformat(), "nom": "Awa", "telephone": "0612345678",
         "canal": "counter", "jeton": "p1"},
    )  # fmt: skip
    booking = Booking.objects.get()
    assert booking.by_prescriber and booking.booked_by == worker and booking.channel == "counter"
    motif.bookable_by_prescriber = False
    motif.save()
    assert client.get(reverse("appointments:book_for_caller"), {"motif": motif.pk}).status_code == 404


def test_an_aidant_books_under_a_mandate_and_the_person_reads_it_in_the_journal(
    client, login_with_2fa, motif
):
    from guichet.core.journal.models import JournalEntry
    from guichet.mandates.tests.factories import MandateFactory, habilitated_aidant

    aidant = habilitated_aidant(motif.organisation)
    mandate = MandateFactory(organisation=motif.organisation, created_by=aidant, consented_at=NOW)
    login_with_2fa(client, aidant)
    url = reverse("appointments:book_under_mandate", args=[mandate.pk])
    assert motif.label in client.get(url).text
    assert "09:00" in client.get(url, {"motif": motif.pk}).text
    page = client.post(url, {"motif": motif.pk, "debut": at(MONDAY, 9).isoformat()})
    booking = Booking.objects.get()
    assert booking.channel == "aidant" and booking.mandate == mandate and booking.booked_by == aidant
    assert booking.reference in page.text
    entry = JournalEntry.objects.get(action="rendez_vous.pris")
    assert entry.mandate_id == mandate.pk and entry.on_behalf_of_id == mandate.usager_id
    other = habilitated_aidant(OrganisationFactory(name="Ailleurs"))
    login_with_2fa(client, other)
    assert client.get(url).status_code == 404
