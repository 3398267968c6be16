"""Personal data of appointments: wiped after the retention period, exported and erased for a person."""

import datetime

import pytest

from guichet.appointments import privacy
from guichet.appointments.models import Booking, CodeFailure
from guichet.appointments.services import booking as services
from guichet.appointments.tests.factories import MONDAY, make_motif
from guichet.appointments.tests.test_slots import at

pytestmark = pytest.mark.django_db


def test_a_past_booking_keeps_its_outcome_but_loses_the_name_and_contacts():
    motif = make_motif()
    booking, _code = services.book(
        motif=motif, starts_at=at(MONDAY, 9), channel="online", person_name="Awa Traoré",
        phone="06 12 34 56 78", now=at(MONDAY, 7),
    )  # fmt: skip
    services.record_outcome(booking=booking, seen=False, actor=None)
    CodeFailure.objects.create(reference="RDV-X")
    later = at(MONDAY, 9) + datetime.timedelta(days=400)
    results = privacy.retention(now=later, dry_run=True)
    assert [r.count for r in results][:1] == [1] and Booking.objects.get().person_name == "Awa Traoré"
    privacy.retention(now=later, dry_run=False)
    kept = Booking.objects.get()
    assert kept.person_name == "" and kept.phone == "" and kept.status == Booking.Status.NO_SHOW
    assert kept.channel == "online" and kept.motif == motif
    assert not CodeFailure.objects.exists()
    assert privacy.retention(now=later, dry_run=True)[0].count == 0  # nothing left to wipe


def test_a_recent_booking_is_kept_whole():
    motif = make_motif()
    services.book(motif=motif, starts_at=at(MONDAY, 9), channel="online", person_name="Awa Traoré",
                  phone="06 12 34 56 78", now=at(MONDAY, 7))  # fmt: skip
    privacy.retention(now=at(MONDAY, 10), dry_run=False)
    assert Booking.objects.get().person_name == "Awa Traoré"
