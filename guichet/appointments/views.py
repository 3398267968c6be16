"""The person's pages: a place's motifs, a motif's free slots, booking without an account, the booking
found again with its reference and code, the calendar file, cancellation."""

import datetime
import secrets

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from guichet.appointments import perms, selectors
from guichet.appointments.forms import BookingForm, FindBookingForm, parse_start
from guichet.appointments.ics import booking_calendar
from guichet.appointments.models import Booking, Motif
from guichet.appointments.services import booking as booking_services
from guichet.appointments.services import cancelling
from guichet.appointments.slots import timezone_of
from guichet.core.exceptions import InvalidInput
from guichet.places.selectors import visible_place

CODE_SESSION_KEY = "guichet_rendez_vous_code"
DAYS_PER_PAGE = 7


def place_motifs(request, place_id):
    place = visible_place(place_id)
    return render(request, "appointments/place.html", {"place": place, "motifs": selectors.motifs_at(place)})


def _online_motif(motif_id) -> Motif:
    motif = get_object_or_404(Motif.objects.select_related("place"), pk=motif_id, active=True)
    if not motif.bookable_online:
        raise Http404
    return motif


def motif_slots(request, motif_id):
    motif = _online_motif(motif_id)
    if motif.fair_mode:
        return redirect("appointments:request", motif_id=motif.pk)
    try:
        week = max(0, min(int(request.GET.get("semaine", 0)), 8))
    except ValueError:
        week = 0
    now = timezone.now()
    zone = timezone_of(motif.place.code_postal)
    slots = selectors.slots_of(motif, now=now)
    first = now.astimezone(zone).date() + datetime.timedelta(days=week * DAYS_PER_PAGE)
    last = first + datetime.timedelta(days=DAYS_PER_PAGE)
    shown = [slot for slot in slots if first <= slot.starts_at.astimezone(zone).date() < last]
    return render(
        request,
        "appointments/slots.html",
        {
            "motif": motif,
            "days": selectors.by_day(shown, zone),
            "zone": zone,
            "week": week,
            "has_next": any(slot.starts_at.astimezone(zone).date() >= last for slot in slots),
            "nothing_at_all": not slots,
        },
    )


@require_http_methods(["GET", "POST"])
def book(request, motif_id):
    motif = _online_motif(motif_id)
    starts_at = parse_start(request)
    if starts_at is None:
        return redirect("appointments:slots", motif_id=motif.pk)
    form = BookingForm(request.POST or None, initial={"jeton": secrets.token_urlsafe(24)})
    alternatives = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking, code = booking_services.book(
                motif=motif,
                starts_at=starts_at,
                channel="online",
                person_name=data["nom"],
                phone=data["telephone"],
                email=data["courriel"],
                postal_address=data["adresse"],
                submission_key=data["jeton"] or None,
            )
        except booking_services.SlotTaken as error:
            form.add_error(None, error.message)
            alternatives = error.alternatives
        except InvalidInput as error:
            form.add_error(None, error.message)
        else:
            perms.remember(request, booking)
            if code:
                request.session[CODE_SESSION_KEY] = {booking.reference: code}
            return redirect("appointments:booking", reference=booking.reference)
    zone = timezone_of(motif.place.code_postal)
    return render(
        request,
        "appointments/book.html",
        {
            "motif": motif,
            "form": form,
            "starts_at": starts_at.astimezone(zone),
            "debut": starts_at.isoformat(),
            "alternatives": alternatives,
            "zone": zone,
        },
    )


def booking(request, reference):
    booking = perms.booking_for_person(request, reference)
    codes = request.session.pop(CODE_SESSION_KEY, {})  # the code is shown once, right after booking
    zone = timezone_of(booking.motif.place.code_postal)
    return render(
        request,
        "appointments/booking.html",
        {
            "booking": booking,
            "code": codes.get(booking.reference),
            "starts_at": booking.starts_at.astimezone(zone),
            "active": booking.status == Booking.Status.BOOKED,
        },
    )


def calendar_file(request, reference):
    booking = perms.booking_for_person(request, reference)
    response = HttpResponse(booking_calendar(booking), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rendez-vous-{booking.reference}.ics"'
    return response


@require_http_methods(["GET", "POST"])
def find(request):
    form = FindBookingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data["reference"].strip().upper()
        if reference.startswith("TIR-"):  # a request in a fair-mode draw
            from guichet.appointments import views_fair
            from guichet.appointments.services.fair import check_request_code

            try:
                draw_request = check_request_code(reference=reference, code=form.cleaned_data["code"])
            except InvalidInput as error:
                form.add_error(None, error.message)
                return render(request, "appointments/find.html", {"form": form})
            views_fair.remember(request, draw_request)
            return redirect("appointments:request_status", reference=draw_request.reference)
        try:
            found = booking_services.check_code(
                reference=form.cleaned_data["reference"], code=form.cleaned_data["code"]
            )
        except InvalidInput as error:
            form.add_error(None, error.message)
        else:
            perms.remember(request, found)
            return redirect("appointments:booking", reference=found.reference)
    return render(request, "appointments/find.html", {"form": form})


@require_POST
def cancel(request, reference):
    booking = perms.booking_for_person(request, reference)
    if request.POST.get("confirme") != "oui":
        zone = timezone_of(booking.motif.place.code_postal)
        return render(
            request,
            "appointments/cancel.html",
            {"booking": booking, "starts_at": booking.starts_at.astimezone(zone)},
        )
    cancelling.cancel(booking=booking)
    return redirect("appointments:booking", reference=booking.reference)
