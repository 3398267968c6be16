"""Who may see a booking: the person (reference + code, remembered in their session) and the staff of the
organisation that runs its place. A booking one may not see is a 404, like a missing one."""

from django.http import Http404

from guichet.appointments.models import Booking
from guichet.places.selectors import staff_organisation_ids

SESSION_KEY = "guichet_rendez_vous"


def remember(request, booking: Booking) -> None:
    references = request.session.get(SESSION_KEY, [])
    if booking.reference not in references:
        request.session[SESSION_KEY] = [*references, booking.reference][-20:]


def booking_for_person(request, reference: str) -> Booking:
    if reference not in request.session.get(SESSION_KEY, []):
        raise Http404
    booking = Booking.objects.select_related("motif__place").filter(reference=reference).first()
    if booking is None:
        raise Http404
    return booking


def booking_for_staff(user, booking_id) -> Booking:
    booking = Booking.objects.select_related("motif__place").filter(pk=booking_id).first()
    if booking is None or booking.motif.organisation_id not in staff_organisation_ids(user):
        raise Http404
    return booking


def manageable_places(user):
    """Places of the structures where this person is responsable (they set up appointments there)."""
    from guichet.accounts.models import Role
    from guichet.accounts.selectors import organisations_where
    from guichet.places.models import Place

    organisations = organisations_where(user, Role.RESPONSABLE)
    return Place.objects.filter(organisation__in=organisations, merged_into__isnull=True).order_by("nom")


def motif_for_responsable(user, motif_id):
    from guichet.appointments.models import Motif

    motif = (
        Motif.objects.select_related("place").filter(pk=motif_id, place__in=manageable_places(user)).first()
    )
    if motif is None:
        raise Http404
    return motif


def place_for_responsable(user, place_id):
    place = manageable_places(user).filter(pk=place_id).first()
    if place is None:
        raise Http404
    return place
