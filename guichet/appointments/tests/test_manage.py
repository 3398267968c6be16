"""The responsable sets up motifs, openings, closed days and draw windows at their own places only."""

import pytest
from django.urls import reverse

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import OrganisationFactory, member
from guichet.appointments.models import ClosedDay, DrawWindow, Motif, WeeklyOpening
from guichet.appointments.tests.factories import make_place
from guichet.core.journal.models import JournalEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def place():
    return make_place(organisation=OrganisationFactory(name="CCAS"))


@pytest.fixture
def responsable(place):
    return member(Role.RESPONSABLE, organisation=place.organisation)


MOTIF = {"label": "Domiciliation", "duration_minutes": "45", "modality": "sur_place", "capacity": "1",
         "booking_horizon_days": "28", "min_notice_hours": "2", "bookable_online": "on", "bookable_by_agent": "on",
         "active": "on"}  # fmt: skip


def test_a_responsable_creates_a_motif_adds_openings_and_closed_days(
    client, login_with_2fa, place, responsable
):
    login_with_2fa(client, responsable)
    assert place.nom in client.get(reverse("appointments:manage")).text
    created = client.post(reverse("appointments:manage_new_motif", args=[place.pk]), MOTIF)
    motif = Motif.objects.get()
    assert created.url == reverse("appointments:manage_motif", args=[motif.pk])
    assert motif.duration_minutes == 45 and motif.bookable_online and not motif.bookable_by_aidant
    url = reverse("appointments:manage_motif", args=[motif.pk])
    client.post(url, {"action": "ouverture", "weekday": "1", "starts": "09:00", "ends": "12:00",
                      "valid_from": "04/01/2027"})  # fmt: skip
    bad = client.post(url, {"action": "ouverture", "weekday": "1", "starts": "12:00", "ends": "09:00",
                            "valid_from": "04/01/2027"})  # fmt: skip
    assert "L&#x27;heure de fin doit suivre" in bad.text
    assert WeeklyOpening.objects.count() == 1
    client.post(url, {"action": "fermeture", "day": "24/12/2026", "reason": "Réveillon"})
    assert ClosedDay.objects.get().reason == "Réveillon"
    page = client.get(url)
    assert "Mardi" in page.text and "09:00" in page.text and "Réveillon" in page.text
    opening = WeeklyOpening.objects.get()
    client.post(reverse("appointments:manage_remove_opening", args=[opening.pk]))
    assert not WeeklyOpening.objects.exists()
    assert JournalEntry.objects.filter(action__startswith="rendez_vous.").count() >= 4


def test_a_fair_mode_motif_gets_its_draw_windows(client, login_with_2fa, place, responsable):
    login_with_2fa(client, responsable)
    client.post(reverse("appointments:manage_new_motif", args=[place.pk]), {**MOTIF, "fair_mode": "on"})
    motif = Motif.objects.get()
    url = reverse("appointments:manage_motif", args=[motif.pk])
    client.post(url, {"action": "tirage", "opens_at": "01/02/2027 09:00", "closes_at": "08/02/2027 09:00",
                      "slots_from": "15/02/2027", "slots_until": "26/02/2027", "offline_percent": "25"})  # fmt: skip
    window = DrawWindow.objects.get()
    assert window.offline_percent == 25 and window.seed_hash
    bad = client.post(url, {"action": "tirage", "opens_at": "08/02/2027 09:00", "closes_at": "01/02/2027 09:00",
                            "slots_from": "15/02/2027", "slots_until": "26/02/2027", "offline_percent": "25"})  # fmt: skip
    assert "Le tirage doit avoir lieu après" in bad.text


def test_another_structure_and_other_roles_cannot(client, login_with_2fa, place):
    motif = Motif.objects.create(place=place, organisation=place.organisation, label="Aide")
    other = member(Role.RESPONSABLE, organisation=OrganisationFactory(name="Autre"))
    login_with_2fa(client, other)
    assert client.get(reverse("appointments:manage_motif", args=[motif.pk])).status_code == 404
    assert client.post(reverse("appointments:manage_new_motif", args=[place.pk]), MOTIF).status_code == 404
    login_with_2fa(client, member(Role.AGENT, organisation=place.organisation))
    assert client.get(reverse("appointments:manage")).status_code == 403
