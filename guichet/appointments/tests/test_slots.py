"""Free slots: weekly openings, closed days, public holidays of the place's territory, its time zone."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from guichet.appointments.models import ClosedDay, SlotLoad
from guichet.appointments.selectors import slots_of
from guichet.appointments.slots import public_holiday
from guichet.appointments.tests.factories import MONDAY, make_motif, make_place

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def at(day, hour, minute=0, zone=PARIS):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone)


def test_an_opening_gives_one_slot_per_duration_and_nothing_before_the_notice():
    motif = make_motif(min_notice_hours=1)
    slots = slots_of(motif, now=at(MONDAY, 9, 10), days=0)
    assert [slot.starts_at for slot in slots] == [at(MONDAY, 10, 30)]  # 9:00-11:00 in 30 min, after 10:10


def test_a_full_slot_is_not_offered_and_a_shared_one_says_what_remains():
    motif = make_motif(capacity=2)
    SlotLoad.objects.create(motif=motif, starts_at=at(MONDAY, 9), capacity=2, booked=2)
    SlotLoad.objects.create(motif=motif, starts_at=at(MONDAY, 9, 30), capacity=2, booked=1)
    slots = {slot.starts_at: slot.remaining for slot in slots_of(motif, now=at(MONDAY, 8), days=0)}
    assert at(MONDAY, 9) not in slots
    assert slots[at(MONDAY, 9, 30)] == 1 and slots[at(MONDAY, 10)] == 2


def test_closed_days_and_public_holidays_have_no_slot():
    motif = make_motif()
    ClosedDay.objects.create(place=motif.place, day=MONDAY + datetime.timedelta(days=1), reason="Formation")
    easter_monday = datetime.date(2027, 3, 29)
    days = {slot.starts_at.date() for slot in slots_of(motif, now=at(MONDAY, 8), days=30)}
    assert MONDAY in days
    assert MONDAY + datetime.timedelta(days=1) not in days
    assert easter_monday not in days


@pytest.mark.parametrize(
    ("day", "postal_code", "holiday"),
    [
        (datetime.date(2026, 12, 20), "97400", True),  # Réunion: abolition of slavery
        (datetime.date(2026, 12, 20), "75011", False),
        (datetime.date(2026, 5, 27), "97100", True),  # Guadeloupe
        (datetime.date(2026, 5, 22), "97200", True),  # Martinique
        (datetime.date(2026, 12, 26), "67000", True),  # Alsace-Moselle: Saint-Étienne
        (datetime.date(2026, 12, 26), "47300", False),
        (datetime.date(2026, 7, 14), "47300", True),
    ],
)
def test_public_holidays_are_those_of_the_place_territory(day, postal_code, holiday):
    assert bool(public_holiday(day, postal_code)) is holiday


def test_a_place_overseas_offers_its_slots_in_its_own_time():
    reunion = ZoneInfo("Indian/Reunion")
    motif = make_motif(place=make_place(code_postal="97400"))
    first = slots_of(motif, now=at(MONDAY, 0, zone=reunion), days=0)[0]
    assert first.starts_at == at(MONDAY, 9, zone=reunion)
    assert first.starts_at.utcoffset() == datetime.timedelta(hours=4)


def test_the_agenda_day_is_the_place_own_day_overseas():
    from guichet.appointments.models import Booking
    from guichet.appointments.selectors import agenda

    guadeloupe = ZoneInfo("America/Guadeloupe")
    motif = make_motif(place=make_place(code_postal="97110"))
    # 20:00 on Monday in Pointe-à-Pitre is 01:00 on Tuesday in Paris: it stays on Monday's agenda.
    evening = at(MONDAY, 20, zone=guadeloupe)
    Booking.objects.create(
        reference="RDV-AGENDA01", code_hash="x", motif=motif, starts_at=evening,
        ends_at=evening + datetime.timedelta(minutes=30), channel="phone", person_name="Awa Traoré",
    )  # fmt: skip
    organisation_ids = {motif.organisation_id}
    assert [b.starts_at for b in agenda(organisation_ids, day=MONDAY)] == [evening]
    assert agenda(organisation_ids, day=MONDAY + datetime.timedelta(days=1)) == []
