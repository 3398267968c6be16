"""The agent's pages: the agenda by day or week, booking for someone on the phone or at the counter,
whether the person came, and the agent's secret calendar feed."""

import datetime
import secrets
import uuid

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from guichet.accounts.decorators import role_required
from guichet.accounts.models import Role
from guichet.accounts.selectors import organisations_where
from guichet.appointments import perms, selectors
from guichet.appointments.forms import BookingForm, DrawRequestForm, parse_start
from guichet.appointments.ics import agenda_calendar
from guichet.appointments.models import DrawRequest, Motif
from guichet.appointments.services import booking as booking_services
from guichet.appointments.services import fair, feeds, waitlist
from guichet.appointments.slots import timezone_of
from guichet.core.channels import Channel
from guichet.core.exceptions import InvalidInput


def _organisation_ids(user) -> set:
    return set(organisations_where(user, Role.AGENT).values_list("pk", flat=True))


@role_required(Role.AGENT)
def agenda(request):
    try:
        day = parse_date(request.GET.get("jour", "")[:10]) or timezone.localdate()
    except ValueError:  # 2026-02-30: well formed, not a date
        day = timezone.localdate()
    week = request.GET.get("vue") == "semaine"
    first = day - datetime.timedelta(days=day.weekday()) if week else day
    days = [first + datetime.timedelta(days=offset) for offset in range(7 if week else 1)]
    organisation_ids = _organisation_ids(request.user)
    bookings = [(d, list(selectors.agenda(organisation_ids, day=d))) for d in days]
    calls, flagged = selectors.calls_to_make(organisation_ids), selectors.flagged_requests(organisation_ids)
    step = datetime.timedelta(days=7 if week else 1)
    return render(
        request,
        "appointments/agent/agenda.html",
        {
            "days": bookings,
            "week": week,
            "day": day,
            "calls": calls,
            "flagged": flagged,
            "previous": (first - step).isoformat(),
            "next": (first + step).isoformat(),
        },
    )


class CallerForm(BookingForm):
    canal = forms.ChoiceField(
        label=_("La personne vous a joint"),
        choices=[(c.value, c.label) for c in Channel.agent_entered()],
        widget=forms.RadioSelect,
    )


@role_required(Role.AGENT)
@require_http_methods(["GET", "POST"])
def book_for_caller(request):
    """Choose a motif, then a slot, then who is expected: the same booking as online, recorded with the
    channel the person used."""
    organisation_ids = _organisation_ids(request.user)
    # their own structure's motifs, and other structures' motifs open to prescribers (a social worker
    # booking at France Services for the person they follow)
    motifs = Motif.objects.filter(active=True).filter(
        Q(organisation_id__in=organisation_ids, bookable_by_agent=True)
        | (~Q(organisation_id__in=organisation_ids) & Q(bookable_by_prescriber=True))
    )
    motif = None
    chosen = request.POST.get("motif") or request.GET.get("motif")
    if chosen:
        try:
            motif = motifs.select_related("place").filter(pk=uuid.UUID(chosen[:36])).first()
        except ValueError:
            motif = None
        if motif is None:
            raise Http404
    if motif is None:
        return render(
            request, "appointments/agent/choose_motif.html", {"motifs": motifs.select_related("place")}
        )
    if motif.fair_mode:
        return _request_for_caller(request, motif)
    starts_at = parse_start(request)
    zone = timezone_of(motif.place.code_postal)
    if starts_at is None:
        days = selectors.by_day(selectors.slots_of(motif)[:60], zone)
        return render(request, "appointments/agent/choose_slot.html", {"motif": motif, "days": days})
    form = CallerForm(request.POST or None, initial={"jeton": secrets.token_urlsafe(24)})
    alternatives = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking, code = booking_services.book(
                motif=motif,
                starts_at=starts_at,
                channel=data["canal"],
                person_name=data["nom"],
                phone=data["telephone"],
                email=data["courriel"],
                postal_address=data["adresse"],
                booked_by=request.user,
                by_prescriber=motif.organisation_id not in organisation_ids,
                submission_key=data["jeton"] or None,
            )
        except booking_services.SlotTaken as error:
            form.add_error(None, error.message)
            alternatives = error.alternatives
        except InvalidInput as error:
            form.add_error(None, error.message)
        else:
            return render(
                request,
                "appointments/agent/booked.html",
                {"booking": booking, "code": code, "starts_at": booking.starts_at.astimezone(zone)},
            )
    return render(
        request,
        "appointments/agent/book.html",
        {
            "motif": motif,
            "form": form,
            "starts_at": starts_at.astimezone(zone),
            "debut": starts_at.isoformat(),
            "alternatives": alternatives,
        },
    )


@role_required(Role.AGENT)
@require_POST
def outcome(request, booking_id):
    booking = perms.booking_for_staff(request.user, booking_id)
    try:
        booking_services.record_outcome(
            booking=booking, seen=request.POST.get("issue") == "venue", actor=request.user
        )
    except InvalidInput as error:  # a cancelled appointment keeps its state
        messages.error(request, error.message)
    local_day = booking.starts_at.astimezone(timezone_of(booking.motif.place.code_postal)).date()
    return redirect(f"{reverse('appointments:agenda')}?jour={local_day.isoformat()}")


@role_required(Role.AGENT)
@require_http_methods(["GET", "POST"])
def calendar_link(request):
    token = None
    if request.method == "POST":
        token = feeds.reset_feed(request.user)
    url = request.build_absolute_uri(reverse("appointments:feed", args=[token])) if token else None
    return render(
        request,
        "appointments/agent/calendar_link.html",
        {"url": url, "has_feed": hasattr(request.user, "calendar_feed")},
    )


def calendar_feed(request, token):
    user = feeds.user_for_token(token)
    if user is None:
        raise Http404
    bookings = feeds.feed_bookings(user, _organisation_ids(user))
    response = HttpResponse(
        agenda_calendar(bookings, "Rendez-vous Guichet"), content_type="text/calendar; charset=utf-8"
    )
    response["Cache-Control"] = "private, no-store"
    return response


class CallerRequestForm(DrawRequestForm):
    canal = forms.ChoiceField(
        label=_("La personne vous a joint"),
        choices=[(c.value, c.label) for c in Channel.agent_entered()],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["altcha"]


def _request_for_caller(request, motif):
    """A fair-mode motif: the agent files the person's request in the open window, with the channel
    used; it takes part in the draw exactly as an online one, and the places kept offline are for it."""
    window = fair.open_window_of(motif)
    form = CallerRequestForm(request.POST or None)
    if request.method == "POST" and window is not None and form.is_valid():
        data = form.cleaned_data
        try:
            draw_request, code = fair.request_place(
                window=window,
                channel=data["canal"],
                person_name=data["nom"],
                birth_date=data["date_naissance"],
                phone=data["telephone"],
                email=data["courriel"],
                postal_address=data["adresse"],
                booked_by=request.user,
            )
        except InvalidInput as error:
            form.add_error(None, error.message)
        else:
            return render(
                request, "appointments/agent/requested.html", {"draw_request": draw_request, "code": code}
            )
    return render(
        request, "appointments/agent/request.html", {"motif": motif, "window": window, "form": form}
    )


@role_required(Role.AGENT)
@require_POST
def accept_for_caller(request, request_id):
    """The agent called the person, who accepts the place offered from the waitlist."""
    draw_request = DrawRequest.objects.filter(
        pk=request_id, window__motif__organisation_id__in=_organisation_ids(request.user)
    ).first()
    if draw_request is None:
        raise Http404
    try:
        waitlist.accept_offer(request=draw_request, actor=request.user)
    except InvalidInput as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Place acceptée pour %s.") % draw_request.person_name)
    return redirect("appointments:agenda")
