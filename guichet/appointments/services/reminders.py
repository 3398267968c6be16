"""Reminders before an appointment, through the person's own channel: SMS two days and one day before,
an email the day before, or, for someone with neither, a letter posted early enough to arrive (from ten
to four days before; a booking made later got its confirmation by letter at once).

Run every hour (`manage.py send_appointment_reminders`). Each reminder is recorded with its notification
in one transaction under a unique (booking, kind): a run stopped mid-way, or two runs at once, send each
reminder once."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.appointments.models import Booking, Reminder
from guichet.appointments.services.messages import when_in_words
from guichet.core.notifications.services import send_notification
from guichet.core.phone import can_receive_sms

LETTER_FROM = datetime.timedelta(days=10)
LETTER_UNTIL = datetime.timedelta(days=4)  # La Poste's « lettre verte » takes up to 3 working days


def due_reminders(booking: Booking, now: datetime.datetime) -> list[str]:
    """The kinds of reminder due now for this booking (sent or not)."""
    ahead = booking.starts_at - now
    if ahead <= datetime.timedelta(0):
        return []
    kinds = []
    if booking.phone and can_receive_sms(booking.phone):
        if ahead <= datetime.timedelta(days=2):
            kinds.append(Reminder.Kind.SMS_TWO_DAYS)
        if ahead <= datetime.timedelta(days=1):
            kinds.append(Reminder.Kind.SMS_ONE_DAY)
    elif booking.email:
        if ahead <= datetime.timedelta(days=1):
            kinds.append(Reminder.Kind.EMAIL_ONE_DAY)
    elif booking.postal_address and LETTER_UNTIL <= ahead <= LETTER_FROM:
        kinds.append(Reminder.Kind.LETTER)
    if Reminder.Kind.SMS_ONE_DAY in kinds:  # booked the day before: one SMS, not two at once
        kinds.remove(Reminder.Kind.SMS_TWO_DAYS)
    return kinds


def send_due_reminders(now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    sent = 0
    bookings = Booking.objects.filter(
        status=Booking.Status.BOOKED, starts_at__gt=now, starts_at__lte=now + LETTER_FROM
    ).select_related("motif__place")
    for booking in bookings.iterator():
        done = set(booking.reminders.values_list("kind", flat=True))
        for kind in due_reminders(booking, now):
            if kind in done:
                continue
            if kind == Reminder.Kind.SMS_TWO_DAYS and Reminder.Kind.SMS_ONE_DAY in done:
                continue
            try:
                with transaction.atomic():
                    Reminder.objects.create(booking=booking, kind=kind)
                    _send(booking, kind)
            except IntegrityError:
                continue  # another run sent it
            sent += 1
    return sent


def _send(booking: Booking, kind: str) -> None:
    place = booking.motif.place
    body = _(
        "Rappel : rendez-vous « %(motif)s » %(when)s, %(place)s, %(address)s. Empêché ? Annulez avec votre "
        "référence %(reference)s et votre code, sur le site, rubrique « Retrouver un rendez-vous », ou "
        "appelez le %(phone)s : le créneau servira à quelqu'un d'autre."
    ) % {
        "motif": booking.motif.label,
        "when": when_in_words(booking.starts_at, place.code_postal),
        "place": place.nom,
        "address": f"{place.adresse}, {place.code_postal} {place.commune}",
        "reference": booking.reference,
        "phone": place.telephone or _("lieu du rendez-vous"),
    }
    if kind in (Reminder.Kind.SMS_TWO_DAYS, Reminder.Kind.SMS_ONE_DAY):
        medium, recipient = "sms", booking.phone
    elif kind == Reminder.Kind.EMAIL_ONE_DAY:
        medium, recipient = "email", booking.email
    else:
        medium, recipient = "letter", f"{booking.person_name}\n{booking.postal_address}"
    send_notification(
        kind=medium,
        recipient=recipient,
        subject=_("Rappel de votre rendez-vous"),
        body=body,
        organisation_id=booking.motif.organisation_id,
        fallback_address=booking.postal_address,
    )
