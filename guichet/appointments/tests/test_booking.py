"""Booking on every channel, without an account or email; one booking per click; the last place held by
one person only; cancellation and rescheduling with the reference and code."""

import datetime

import pytest

from guichet.appointments.models import Booking, CodeFailure, SlotLoad
from guichet.appointments.services import booking as services
from guichet.appointments.services import cancelling
from guichet.appointments.tests.factories import MONDAY, make_motif
from guichet.appointments.tests.test_slots import at
from guichet.core.exceptions import InvalidInput
from guichet.core.journal.models import JournalEntry
from guichet.core.models import Notification

pytestmark = pytest.mark.django_db
NOW = at(MONDAY, 7)


def book(motif, hour=9, minute=0, **fields):
    values = {"channel": "online", "person_name": "Awa Traoré", "phone": "06 12 34 56 78", **fields}
    return services.book(motif=motif, starts_at=at(MONDAY, hour, minute), now=NOW, **values)


def test_online_without_account_or_email_gives_a_reference_a_code_and_an_sms():
    motif = make_motif()
    booking, code = book(motif)
    assert booking.reference.startswith("RDV-") and code
    assert booking.phone == "+33612345678" and booking.channel == "online"
    assert services.check_code(reference=booking.reference.lower(), code=code.replace("-", "")) == booking
    sms = Notification.objects.get(kind="sms")
    assert booking.reference in sms.body and code in sms.body and sms.secret
    entry = JournalEntry.objects.get(action="rendez_vous.pris")
    assert entry.channel == "online" and entry.subject_id == str(booking.pk)


def test_a_person_with_a_fixed_line_and_an_address_gets_a_letter():
    motif = make_motif()
    booking, _code = book(motif, phone="05 53 40 00 00", postal_address="3 place Lafayette\n47300 Villeneuve")
    assert Notification.objects.get().kind == "letter"
    assert booking.channel == "online"


def test_an_agent_books_for_a_caller_and_the_channel_says_so():
    motif = make_motif()
    booking, _code = book(motif, channel="phone", phone="", postal_address="12 rue des Cordeliers 47300")
    assert booking.channel == "phone"
    assert JournalEntry.objects.get(action="rendez_vous.pris").channel == "phone"


def test_without_any_way_to_reach_the_person_the_booking_is_refused_in_french():
    with pytest.raises(InvalidInput, match="numéro de téléphone ou une adresse postale"):
        book(make_motif(), phone="")


def test_a_motif_closed_to_a_channel_refuses_it():
    motif = make_motif(bookable_online=False)
    with pytest.raises(InvalidInput, match="ne se réserve pas"):
        book(motif)


def test_a_double_click_gives_one_booking():
    motif = make_motif(capacity=3)
    first, code = book(motif, submission_key="jeton-1")
    again, no_code = book(motif, submission_key="jeton-1")
    assert again == first and no_code is None and code
    assert Booking.objects.count() == 1
    assert SlotLoad.objects.get().booked == 1


def test_the_last_place_goes_to_one_person_and_the_next_gets_alternatives():
    motif = make_motif(capacity=1)
    book(motif)
    with pytest.raises(services.SlotTaken) as taken:
        book(motif, person_name="Jean Martin")
    assert "vient d'être pris" in taken.value.message
    assert taken.value.alternatives and at(MONDAY, 9) not in [s.starts_at for s in taken.value.alternatives]
    assert Booking.objects.count() == 1


def test_the_database_refuses_a_load_above_capacity():
    from django.db import IntegrityError, transaction

    motif = make_motif(capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        SlotLoad.objects.create(motif=motif, starts_at=at(MONDAY, 9), capacity=1, booked=2)


def test_cancelling_frees_the_slot():
    motif = make_motif()
    booking, _code = book(motif)
    cancelling.cancel(booking=booking)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert SlotLoad.objects.get().booked == 0
    other, _ = book(motif, person_name="Jean Martin")
    assert other.starts_at == booking.starts_at


def test_a_reschedule_that_fails_keeps_the_original():
    motif = make_motif(capacity=1)
    mine, _code = book(motif)
    book(motif, hour=10, person_name="Jean Martin")
    with pytest.raises(services.SlotTaken):
        cancelling.reschedule(booking=mine, starts_at=at(MONDAY, 10), now=NOW)
    mine.refresh_from_db()
    assert mine.status == Booking.Status.BOOKED


def test_a_reschedule_moves_the_booking():
    motif = make_motif(capacity=1)
    mine, _code = book(motif)
    moved, new_code = cancelling.reschedule(
        booking=mine, starts_at=at(MONDAY + datetime.timedelta(days=1), 9), now=NOW
    )
    mine.refresh_from_db()
    assert mine.status == Booking.Status.CANCELLED and moved.status == Booking.Status.BOOKED and new_code


def test_a_booking_code_is_throttled_like_the_dossier_code():
    booking, code = book(make_motif())
    for _attempt in range(5):
        with pytest.raises(InvalidInput, match="ne correspond pas"):
            services.check_code(reference=booking.reference, code="AAAA-BBBB-CCCC")
    with pytest.raises(InvalidInput, match="Trop d'essais"):
        services.check_code(reference=booking.reference, code=code)
    assert CodeFailure.objects.count() == 5


def test_the_agent_records_whether_the_person_came():
    booking, _code = book(make_motif())
    services.record_outcome(booking=booking, seen=False, actor=None)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.NO_SHOW
    assert JournalEntry.objects.filter(action="rendez_vous.absence").exists()


def test_a_slot_outside_the_horizon_or_the_openings_is_refused_with_alternatives_nearby():
    motif = make_motif(booking_horizon_days=3)
    with pytest.raises(services.SlotTaken) as beyond:  # a Monday three weeks ahead, past the horizon
        services.book(
            motif=motif, starts_at=at(MONDAY + datetime.timedelta(days=21), 9), channel="online",
            person_name="Awa Traoré", phone="06 12 34 56 78", now=NOW,
        )  # fmt: skip
    assert beyond.value.alternatives  # the whole horizon is searched when nothing is near
    with pytest.raises(services.SlotTaken) as closed:
        book(motif, hour=14)  # no opening in the afternoon
    assert [s.starts_at for s in closed.value.alternatives][:1] == [at(MONDAY, 9)]
    assert not Booking.objects.exists() and not SlotLoad.objects.filter(booked__gt=0).exists()


def test_the_slot_taken_alternatives_come_from_the_days_around_it():
    motif = make_motif(capacity=1)
    book(motif, hour=10, minute=30)
    with pytest.raises(services.SlotTaken) as taken:
        book(motif, hour=10, minute=30, person_name="Jean Martin")
    starts = [s.starts_at for s in taken.value.alternatives]
    assert at(MONDAY, 10) in starts and at(MONDAY, 10, 30) not in starts
    assert all(abs((s - at(MONDAY, 10, 30)).days) <= 3 for s in starts)
