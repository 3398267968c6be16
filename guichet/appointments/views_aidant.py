"""An habilitated aidant books an appointment for the person who gave them a mandate."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from guichet.appointments import selectors
from guichet.appointments.forms import parse_start
from guichet.appointments.models import Motif
from guichet.appointments.services import booking as booking_services
from guichet.appointments.slots import timezone_of
from guichet.core.exceptions import InvalidInput
from guichet.mandates import perms as mandate_perms
from guichet.mandates.decorators import habilitated_aidant_required
from guichet.mandates.selectors import covers


def _motifs_for(mandate):
    """Motifs an aidant may book for this person: at the mandate's organisation's places, or linked to
    a procedure the mandate covers."""
    motifs = Motif.objects.filter(active=True, bookable_by_aidant=True).select_related("place", "procedure")
    return [
        motif
        for motif in motifs
        if motif.place.organisation_id == mandate.organisation_id
        or (motif.procedure_id and covers(mandate, motif.procedure))
    ]


@habilitated_aidant_required
@require_http_methods(["GET", "POST"])
def book_under_mandate(request, mandate_id):
    mandate = mandate_perms.mandate_for_aidant(request.user, mandate_id)
    motifs = _motifs_for(mandate)
    chosen = request.POST.get("motif") or request.GET.get("motif")
    motif = next((m for m in motifs if str(m.pk) == chosen), None)
    if chosen and motif is None:
        raise Http404
    context = {"mandate": mandate, "motifs": motifs, "motif": motif}
    if motif is None:
        return render(request, "appointments/aidant/book.html", context)
    zone = timezone_of(motif.place.code_postal)
    starts_at = parse_start(request)
    if starts_at is None:
        days = selectors.by_day(selectors.slots_of(motif)[:60], zone)
        return render(request, "appointments/aidant/book.html", {**context, "days": days})
    context.update({"starts_at": starts_at.astimezone(zone), "debut": starts_at.isoformat()})
    if request.method == "POST":
        try:
            booking, code = booking_services.book_under_mandate(
                mandate=mandate, aidant=request.user, motif=motif, starts_at=starts_at
            )
        except InvalidInput as error:
            context["error"] = error.message
        else:
            return render(
                request,
                "appointments/agent/booked.html",
                {"booking": booking, "code": code, "starts_at": booking.starts_at.astimezone(zone)},
            )
    return render(request, "appointments/aidant/book.html", context)
