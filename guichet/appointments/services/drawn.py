"""Bookings made for fair-mode requests: one offered from the waitlist, or all the winners of a draw at once.
The place is held as any booking's: a conditional UPDATE under the slot's capacity constraint."""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from guichet.appointments.models import Booking, Motif, SlotLoad
from guichet.appointments.services.booking import _load, _new_reference, new_references
from guichet.core.exceptions import InvalidInput
from guichet.procedures.services.common import code_fingerprint, new_followup_code


def _hold_place(motif: Motif, starts_at) -> None:
    load = _load(motif, starts_at)
    if not SlotLoad.objects.filter(pk=load.pk, booked__lt=F("capacity")).update(booked=F("booked") + 1):
        raise InvalidInput(_("Ce créneau est complet."))


def create_booking(*, request, starts_at, status: str) -> tuple[Booking, str]:
    """The booking a fair-mode request gets (drawn, or offered from the waitlist), in the caller's
    transaction: the place is held like any booking's."""
    motif = request.window.motif
    with transaction.atomic():
        _hold_place(motif, starts_at)
        code = new_followup_code()
        booking = Booking.objects.create(
            reference=_new_reference(),
            code_hash=code_fingerprint(code),
            motif=motif,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(minutes=motif.duration_minutes),
            channel=request.channel,
            status=status,
            person_name=request.person_name,
            phone=request.phone,
            email=request.email,
            postal_address=request.postal_address,
            booked_by=request.booked_by,
            mandate=request.mandate,
        )
        request.booking = booking
        request.save(update_fields=["booking"])
    return booking, code


def create_drawn_bookings(*, window, given: dict) -> int:
    """The bookings of a draw's winners at once (`given`: request pk -> start), in the caller's
    transaction: each slot's load grows by its winners in one conditional UPDATE (the check constraint
    still refuses more than its capacity), the bookings are inserted together and keep the request's code
    (the person already holds it), and each request is linked to its booking."""
    from collections import Counter

    from guichet.appointments.models import DrawRequest

    motif = window.motif
    counts = Counter(given.values())
    SlotLoad.objects.bulk_create(
        [SlotLoad(motif=motif, starts_at=starts_at, capacity=motif.capacity) for starts_at in counts],
        ignore_conflicts=True,  # the slots someone already booked keep their load
    )
    loads = dict(
        SlotLoad.objects.filter(motif=motif, starts_at__in=list(counts)).values_list("starts_at", "pk")
    )
    for starts_at, count in counts.items():
        grown = SlotLoad.objects.filter(pk=loads[starts_at], booked__lte=F("capacity") - count).update(
            booked=F("booked") + count
        )
        if not grown:
            raise InvalidInput(_("Un créneau s'est rempli pendant le tirage : relancez-le."))
    references = new_references(Booking, "RDV-", len(given))
    duration = datetime.timedelta(minutes=motif.duration_minutes)
    fields = (
        "pk",
        "channel",
        "person_name",
        "phone",
        "email",
        "postal_address",
        "booked_by_id",
        "mandate_id",
        "code_hash",
    )
    bookings = []
    for row in DrawRequest.objects.filter(pk__in=list(given)).values(*fields):
        starts_at = given[row["pk"]]
        bookings.append(
            Booking(
                reference=references.pop(), code_hash=row["code_hash"], motif=motif, starts_at=starts_at,
                ends_at=starts_at + duration, channel=row["channel"], person_name=row["person_name"],
                phone=row["phone"], email=row["email"], postal_address=row["postal_address"],
                booked_by_id=row["booked_by_id"], mandate_id=row["mandate_id"],
                submission_key=f"tirage:{row['pk']}",
            )
        )  # fmt: skip
    Booking.objects.bulk_create(bookings, batch_size=1000)
    created = dict(
        Booking.objects.filter(submission_key__in=[b.submission_key for b in bookings]).values_list(
            "submission_key", "pk"
        )
    )
    links = [
        DrawRequest(pk=pk, booking_id=created[f"tirage:{pk}"]) for pk in given if f"tirage:{pk}" in created
    ]
    DrawRequest.objects.bulk_update(links, ["booking"], batch_size=1000)
    return len(bookings)
