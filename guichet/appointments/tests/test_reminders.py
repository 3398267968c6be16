"""Reminders through the person's own channel, each sent once, even when a run stops mid-way."""

import datetime
from unittest import mock

import pytest

from guichet.appointments.models import Reminder
from guichet.appointments.services import booking as services
from guichet.appointments.services import cancelling, reminders
from guichet.appointments.tests.factories import MONDAY, make_motif
from guichet.appointments.tests.test_slots import at
from guichet.core.models import Notification

pytestmark = pytest.mark.django_db
BOOKED_AT = at(MONDAY - datetime.timedelta(days=14), 10)  # two weeks before
START = at(MONDAY, 9)


def booked(**contact):
    motif = make_motif()
    motif.booking_horizon_days = 30
    motif.save()
    booking, _code = services.book(
        motif=motif, starts_at=START, channel="online", person_name="Awa Traoré", now=BOOKED_AT, **contact
    )
    Notification.objects.all().delete()  # the confirmation
    return booking


def run(before: datetime.timedelta) -> list[str]:
    reminders.send_due_reminders(now=START - before)
    return list(Notification.objects.order_by("created_at").values_list("kind", flat=True))


def test_a_mobile_gets_an_sms_two_days_and_one_day_before_each_once():
    booked(phone="06 12 34 56 78")
    assert run(datetime.timedelta(days=3)) == []
    assert run(datetime.timedelta(days=2)) == ["sms"]
    assert run(datetime.timedelta(days=2) - datetime.timedelta(hours=1)) == ["sms"]  # not again
    assert run(datetime.timedelta(hours=20)) == ["sms", "sms"]
    assert "Rappel" in Notification.objects.last().body


def test_an_email_only_person_gets_one_email_the_day_before():
    booked(email="awa@example.org")
    assert run(datetime.timedelta(days=2)) == []
    assert run(datetime.timedelta(hours=23)) == ["email"]


def test_someone_with_only_an_address_gets_a_letter_early_enough_to_arrive():
    booked(postal_address="3 place Lafayette\n47300 Villeneuve")
    assert run(datetime.timedelta(days=11)) == []
    assert run(datetime.timedelta(days=7)) == ["letter"]
    assert run(datetime.timedelta(days=5)) == ["letter"]


def test_a_cancelled_booking_gets_no_reminder():
    booking = booked(phone="06 12 34 56 78")
    cancelling.cancel(booking=booking)
    assert run(datetime.timedelta(hours=20)) == []


def test_a_run_stopped_while_sending_sends_the_reminder_once_after_restart():
    booked(phone="06 12 34 56 78")
    with (
        mock.patch.object(reminders, "send_notification", side_effect=RuntimeError("arrêt")),
        pytest.raises(RuntimeError),
    ):
        run(datetime.timedelta(hours=20))
    assert not Reminder.objects.exists()  # nothing half-done: the transaction rolled back
    assert run(datetime.timedelta(hours=20)) == ["sms"]
    assert run(datetime.timedelta(hours=19)) == ["sms"]


def test_the_command_runs():
    from django.core.management import call_command

    booked(phone="06 12 34 56 78")
    with mock.patch("django.utils.timezone.now", return_value=START - datetime.timedelta(hours=20)):
        call_command("send_appointment_reminders")
    assert Reminder.objects.count() == 1
