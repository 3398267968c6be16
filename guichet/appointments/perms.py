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
