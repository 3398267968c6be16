"""Appointments through the JSON API: free slots (public), booking and cancelling for an organisation's own
systems (token), and the public record of fair-mode draws."""

import datetime
import uuid

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from guichet.appointments import selectors
from guichet.appointments.models import Booking, DrawWindow, Motif
from guichet.appointments.services import booking as booking_services
from guichet.appointments.services import cancelling
from guichet.core.channels import Channel
from guichet.core.exceptions import InvalidInput

router = Router(tags=["Rendez-vous"])


class SlotOut(Schema):
    debut: datetime.datetime
    fin: datetime.datetime
    places_libres: int


class MotifOut(Schema):
    id: uuid.UUID
    lieu: uuid.UUID
    libelle: str
    duree_minutes: int
    modalite: str
    documents_a_apporter: str
    tirage_au_sort: bool


class BookingIn(Schema):
    motif: uuid.UUID
    debut: datetime.datetime = Field(description="Début du créneau, ISO 8601 avec décalage horaire")
    canal: str = Field(description="counter, phone ou mail : comment la personne a joint la structure")
    nom: str
    telephone: str = ""
    courriel: str = ""
    adresse: str = ""


class BookingOut(Schema):
    id: uuid.UUID
    reference: str
    code: str | None = Field(None, description="Donné une seule fois, à la réservation")
    motif: uuid.UUID
    debut: datetime.datetime
    fin: datetime.datetime
    canal: str
    etat: str


class DrawOut(Schema):
    id: uuid.UUID
    motif: uuid.UUID
    ouverture: datetime.datetime
    tirage: datetime.datetime
    empreinte_graine: str
    graine: str | None = Field(None, description="Révélée au tirage")
    places: int
    demandes: int


def _booking_out(booking: Booking, code: str | None = None) -> dict:
    return {
        "id": booking.pk,
        "reference": booking.reference,
        "code": code,
        "motif": booking.motif_id,
        "debut": booking.starts_at,
        "fin": booking.ends_at,
        "canal": booking.channel,
        "etat": booking.status,
    }


@router.get(
    "/appointments/places/{place_id}/motifs", response=list[MotifOut], auth=None, summary="Motifs d'un lieu"
)
def motifs(request, place_id: uuid.UUID):
    return [
        {
            "id": motif.pk,
            "lieu": motif.place_id,
            "libelle": motif.label,
            "duree_minutes": motif.duration_minutes,
            "modalite": motif.modality,
            "documents_a_apporter": motif.documents_to_bring,
            "tirage_au_sort": motif.fair_mode,
        }
        for motif in Motif.objects.filter(place_id=place_id, active=True).order_by("label")
    ]


@router.get(
    "/appointments/motifs/{motif_id}/slots",
    response=list[SlotOut],
    auth=None,
    summary="Créneaux libres d'un motif",
)
def slots(request, motif_id: uuid.UUID):
    motif = get_object_or_404(Motif.objects.select_related("place"), pk=motif_id, active=True)
    if motif.fair_mode:
        return []  # attributed by a draw: see /appointments/draws
    return [
        {"debut": slot.starts_at, "fin": slot.ends_at, "places_libres": slot.remaining}
        for slot in selectors.slots_of(motif)
    ]


@router.post("/appointments/bookings", response={201: BookingOut}, summary="Réserver pour une personne")
def book(request, payload: BookingIn):
    if payload.canal not in [c.value for c in Channel.agent_entered()]:
        raise InvalidInput(_("« canal » : counter, phone ou mail."))
    motif = get_object_or_404(Motif.objects.select_related("place"), pk=payload.motif, active=True)
    own = motif.organisation_id == request.api_organisation.pk
    try:
        booking, code = booking_services.book(
            motif=motif,
            starts_at=payload.debut,
            channel=payload.canal,
            person_name=payload.nom,
            phone=payload.telephone,
            email=payload.courriel,
            postal_address=payload.adresse,
            by_prescriber=not own,
        )
    except booking_services.SlotTaken as error:
        nearest = ", ".join(slot.starts_at.isoformat() for slot in error.alternatives)
        raise InvalidInput(f"{error.message} {nearest}".strip()) from error
    return Status(201, _booking_out(booking, code))


def _own_booking(request, booking_id) -> Booking:
    return get_object_or_404(
        Booking.objects.select_related("motif__place"),
        pk=booking_id,
        motif__organisation=request.api_organisation,
    )


@router.get(
    "/appointments/bookings/{booking_id}", response=BookingOut, summary="Un rendez-vous de l'organisation"
)
def booking_detail(request, booking_id: uuid.UUID):
    return _booking_out(_own_booking(request, booking_id))


@router.post(
    "/appointments/bookings/{booking_id}/cancel", response=BookingOut, summary="Annuler un rendez-vous"
)
def cancel(request, booking_id: uuid.UUID):
    booking = cancelling.cancel(booking=_own_booking(request, booking_id), channel=Channel.PHONE)
    return _booking_out(booking)


@router.get(
    "/appointments/draws/{draw_id}", response=DrawOut, auth=None, summary="Registre public d'un tirage"
)
def draw(request, draw_id: uuid.UUID):
    window = get_object_or_404(DrawWindow, pk=draw_id)
    return {
        "id": window.pk,
        "motif": window.motif_id,
        "ouverture": window.opens_at,
        "tirage": window.closes_at,
        "empreinte_graine": window.seed_hash,
        "graine": window.seed if window.drawn_at else None,
        "places": len(window.places),
        "demandes": window.requests.exclude(ticket="").count()
        if window.drawn_at
        else window.requests.count(),
    }
