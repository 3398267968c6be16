"""Cancelling and moving a booking: the place is freed, and in fair mode offered to the next person on the
waitlist, whatever their channel. Above booking.py and fair.py, which never import this module."""

from django.db import transaction
from django.utils.translation import gettext as _

from guichet.appointments.models import Booking
from guichet.appointments.services import booking as booking_services
from guichet.appointments.services import waitlist
from guichet.core.channels import Channel
from guichet.core.exceptions import InvalidInput


@transaction.atomic
def cancel(*, booking: Booking, actor=None, channel: str = Channel.ONLINE, now=None) -> Booking:
    was_holding = booking.status in (Booking.Status.BOOKED, Booking.Status.OFFERED)
    booking = booking_services.release(booking=booking, actor=actor, channel=channel, now=now)
    if was_holding and booking.motif.fair_mode:
        window = waitlist.window_for(booking)
        if window is not None:
            waitlist.offer_next(window=window, starts_at=booking.starts_at, now=now)
    return booking


def reschedule(
    *, booking: Booking, starts_at, actor=None, channel: str = Channel.ONLINE, now=None
) -> tuple[Booking, str]:
    """Book the new slot, then cancel the old one, in one transaction: a failure keeps the original."""
    if booking.status != Booking.Status.BOOKED:
        raise InvalidInput(_("Ce rendez-vous n'est plus actif."))
    with transaction.atomic():
        new, code = booking_services.book(
            motif=booking.motif,
            starts_at=starts_at,
            channel=channel,
            person_name=booking.person_name,
            phone=booking.phone,
            email=booking.email,
            postal_address=booking.postal_address,
            booked_by=actor or booking.booked_by,
            mandate=booking.mandate,
            by_prescriber=booking.by_prescriber,
            now=now,
        )
        cancel(booking=booking, actor=actor, channel=channel, now=now)
    return new, code
