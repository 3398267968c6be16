"""Reading appointments: the motifs a channel may book at a place, a motif's free slots, an agenda."""

import datetime

from django.utils import timezone

from guichet.appointments.models import Booking, ClosedDay, DrawRequest, Motif, SlotLoad
from guichet.appointments.slots import free_slots, timezone_of

CHANNEL_FLAG = {
    "online": "bookable_online",
    "counter": "bookable_by_agent",
    "phone": "bookable_by_agent",
    "mail": "bookable_by_agent",
    "aidant": "bookable_by_aidant",
}


def motifs_at(place, *, channel: str = "online"):
    return Motif.objects.filter(place=place, active=True, **{CHANNEL_FLAG[channel]: True}).order_by("label")


def place_has_online_motifs(place) -> bool:
    return motifs_at(place).exists()


def slots_of(
    motif: Motif,
    *,
    now: datetime.datetime | None = None,
    days: int | None = None,
    around: datetime.datetime | None = None,
    spread: int = 0,
):
    """The free slots of `motif` over its horizon (or `days`); with `around`, only on that day at the
    place and `spread` days either side, which is all a booking or its alternatives need."""
    now = now or timezone.now()
    horizon = days if days is not None else motif.booking_horizon_days
    since, until = now, now + datetime.timedelta(days=horizon + 2)
    only_days = None
    if around is not None:
        zone = timezone_of(motif.place.code_postal)
        offset = (around.astimezone(zone).date() - now.astimezone(zone).date()).days
        only_days = range(offset - spread, offset + spread + 1)
        since = max(now, around - datetime.timedelta(days=spread + 1))
        until = min(until, around + datetime.timedelta(days=spread + 1))
    loads = dict(
        SlotLoad.objects.filter(motif=motif, starts_at__gte=since, starts_at__lte=until).values_list(
            "starts_at", "booked"
        )
    )
    closed = set(
        ClosedDay.objects.filter(
            place=motif.place, day__gte=since.date() - datetime.timedelta(days=1), day__lte=until.date()
        ).values_list("day", flat=True)
    )
    return free_slots(
        motif,
        openings=list(motif.openings.all()),
        closed_days=closed,
        loads=loads,
        now=now,
        days=days,
        only_days=only_days,
    )


def agenda(organisation_ids, *, day: datetime.date):
    """The bookings of a day at the places of these organisations, in order; the day is the place's own
    (a booking at 8:00 in Pointe-à-Pitre is on that day there, whatever the hour in Paris)."""
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    candidates = (
        Booking.objects.filter(
            motif__organisation_id__in=organisation_ids,
            starts_at__gte=start - datetime.timedelta(hours=14),  # time zones from UTC-3 to UTC+4
            starts_at__lt=start + datetime.timedelta(days=1, hours=14),
        )
        .select_related("motif__place")
        .order_by("starts_at")
    )
    return [
        booking
        for booking in candidates
        if booking.starts_at.astimezone(timezone_of(booking.motif.place.code_postal)).date() == day
    ]


def online_motifs_for_procedure(procedure, *, limit: int = 5):
    """Motifs booked online that are about this procedure (bring the pieces, be helped with it)."""
    return list(
        Motif.objects.filter(procedure=procedure, active=True, bookable_online=True)
        .select_related("place")
        .order_by("place__nom", "label")[:limit]
    )


def online_motifs_near(postal_code: str, *, limit: int = 5):
    """Motifs booked online at places of the same département (two digits, three overseas)."""
    postal_code = (postal_code or "").strip()
    if len(postal_code) != 5 or not postal_code.isdigit():
        return []
    department = postal_code[:3] if postal_code.startswith("97") else postal_code[:2]
    motifs = Motif.objects.filter(
        active=True, bookable_online=True, fair_mode=False, place__code_postal__startswith=department
    ).select_related("place")
    same_town = [m for m in motifs if m.place.code_postal == postal_code]
    others = [m for m in motifs if m.place.code_postal != postal_code]
    return (same_town + others)[:limit]


def calls_to_make(organisation_ids):
    """Places offered from a waitlist to people with neither a mobile nor an email: an agent calls them."""
    from guichet.core.phone import can_receive_sms

    offered = DrawRequest.objects.filter(
        status=DrawRequest.Status.OFFERED, window__motif__organisation_id__in=organisation_ids, email=""
    ).select_related("booking", "window__motif__place")
    return [request for request in offered if not (request.phone and can_receive_sms(request.phone))]


def flagged_requests(organisation_ids):
    """Active requests an agent should look at, with why (same connection, same email…)."""
    return (
        DrawRequest.objects.filter(
            window__motif__organisation_id__in=organisation_ids, status__in=DrawRequest.ACTIVE
        )
        .exclude(flags=[])
        .select_related("window__motif")[:50]
    )


def by_day(slots, zone):
    """[(day, [slots of that day])], days in order, each slot's day read at the place's time."""
    days: dict = {}
    for slot in slots:
        days.setdefault(slot.starts_at.astimezone(zone).date(), []).append(slot)
    return sorted(days.items())
