"""The waitlist of a fair-mode draw, which serves every channel alike: a freed place is offered to the next
in line through their own channel (SMS, email, or a call an agent makes), with a deadline, then to the
next; places kept for offline requests go to everyone at their release time. Above fair.py."""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.appointments.models import Booking, DrawRequest, DrawWindow, SlotLoad
from guichet.appointments.services.fair import draw, places_of
from guichet.core.channels import Channel
from guichet.core.exceptions import InvalidInput
from guichet.core.journal import record


def offer_next(*, window: DrawWindow, starts_at, now=None) -> DrawRequest | None:
    """Offer a freed place to the next person on the waitlist, through their own channel, with a deadline.

    Before the release time, a place reserved for offline requests only goes to an offline request."""
    from guichet.appointments.services.drawn import create_booking
    from guichet.appointments.services.messages import offer_message

    now = now or timezone.now()
    with transaction.atomic():
        candidates = DrawRequest.objects.select_for_update(skip_locked=True).filter(
            window=window, status=DrawRequest.Status.WAITLIST
        )
        if _reserved_free(window, starts_at) and now < starts_at - datetime.timedelta(
            hours=window.release_hours
        ):
            candidates = candidates.exclude(channel=Channel.ONLINE)
        request = candidates.order_by("rank").first()
        if request is None:
            return None
        try:
            booking, code = create_booking(
                request=request, starts_at=starts_at, status=Booking.Status.OFFERED
            )
        except InvalidInput:
            return None  # the place was taken meanwhile
        request.status = DrawRequest.Status.OFFERED
        request.offer_expires_at = now + datetime.timedelta(hours=window.offer_hours)
        request.save(update_fields=["status", "offer_expires_at"])
        record(
            action="tirage.place_proposee",
            organisation_id=window.motif.organisation_id,
            channel=request.channel,
            subject_type="tirage",
            subject_id=str(window.pk),
            data={"demande": request.reference, "debut": starts_at.isoformat()},
        )
        offer_message(booking, request, code)
    return request


def _reserved_free(window: DrawWindow, starts_at) -> bool:
    """Is the freed place one of those kept for offline requests (fewer offline bookings at that slot
    than places kept there at the draw)?"""
    kept = sum(1 for start, reserved in window.places if reserved and start == starts_at.isoformat())
    offline = Booking.objects.filter(
        motif=window.motif, starts_at=starts_at, status__in=[Booking.Status.BOOKED, Booking.Status.OFFERED]
    ).exclude(channel=Channel.ONLINE)
    return offline.count() < kept


@transaction.atomic
def accept_offer(*, request: DrawRequest, now=None, actor=None) -> Booking:
    now = now or timezone.now()
    request = DrawRequest.objects.select_for_update(of=("self",)).select_related("booking").get(pk=request.pk)
    if request.status != DrawRequest.Status.OFFERED or request.booking is None:
        raise InvalidInput(_("Aucune place ne vous est proposée en ce moment."))
    if request.offer_expires_at and now > request.offer_expires_at:
        raise InvalidInput(_("Le délai pour accepter cette place est passé."))
    booking = request.booking
    booking.status = Booking.Status.BOOKED
    booking.save(update_fields=["status"])
    request.status = DrawRequest.Status.ASSIGNED
    request.save(update_fields=["status"])
    record(
        action="tirage.place_acceptee",
        actor=actor,
        organisation_id=booking.motif.organisation_id,
        channel=request.channel,
        subject_type="rendez_vous",
        subject_id=str(booking.pk),
        data={"demande": request.reference},
    )
    return booking


def expire_offers(now=None) -> int:
    """Offers not accepted in time: the place goes to the next in line."""
    now = now or timezone.now()
    expired = 0
    for request in DrawRequest.objects.filter(
        status=DrawRequest.Status.OFFERED, offer_expires_at__lt=now
    ).select_related("booking", "window__motif"):
        with transaction.atomic():
            booking = request.booking
            request.status = DrawRequest.Status.EXPIRED
            request.save(update_fields=["status"])
            if booking is not None and booking.status == Booking.Status.OFFERED:
                booking.status = Booking.Status.CANCELLED
                booking.cancelled_at = now
                booking.save(update_fields=["status", "cancelled_at"])
                SlotLoad.objects.filter(
                    motif=booking.motif_id, starts_at=booking.starts_at, booked__gt=0
                ).update(booked=F("booked") - 1)
        expired += 1
        if booking is not None:
            offer_next(window=request.window, starts_at=booking.starts_at, now=now)
    return expired


def release_reserved(now=None) -> int:
    """At the release time, reserved places nobody offline took go to the whole waitlist."""
    now = now or timezone.now()
    offered = 0
    for window in DrawWindow.objects.filter(
        drawn_at__isnull=False, slots_until__gte=now.date()
    ).select_related("motif__place"):
        horizon = now + datetime.timedelta(hours=window.release_hours)
        for place in places_of(window, now):
            if place.starts_at <= horizon and offer_next(window=window, starts_at=place.starts_at, now=now):
                offered += 1
    return offered


def run_due(now=None) -> dict:
    """Every hour: draw the windows whose time has come, expire unanswered offers, release reserved places."""
    now = now or timezone.now()
    drawn = 0
    for window in DrawWindow.objects.filter(drawn_at__isnull=True, closes_at__lte=now):
        draw(window=window, now=now)
        drawn += 1
    return {"drawn": drawn, "expired": expire_offers(now), "released": release_reserved(now)}


def window_for(booking: Booking) -> DrawWindow | None:
    local_day = booking.starts_at.date()
    return (
        DrawWindow.objects.filter(
            motif=booking.motif_id,
            drawn_at__isnull=False,
            slots_from__lte=local_day,
            slots_until__gte=local_day,
        )
        .order_by("-drawn_at")
        .first()
    )
