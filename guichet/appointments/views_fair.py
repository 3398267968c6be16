"""Fair mode, the person's side: a request during the window (with a proof of work when JavaScript runs),
its status with the reference and code, accepting a place offered from the waitlist; and the draw's
public record, which anyone can check."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from guichet.appointments.forms import DrawRequestForm
from guichet.appointments.models import DrawRequest, DrawWindow, Motif
from guichet.appointments.services import fair, waitlist
from guichet.appointments.services.cancelling import cancel
from guichet.appointments.services.proof_of_work import new_challenge, verified_signature
from guichet.appointments.slots import timezone_of
from guichet.core import spreadsheet
from guichet.core.exceptions import InvalidInput

SESSION_KEY = "guichet_demandes_tirage"
CODE_SESSION_KEY = "guichet_demande_code"
LIMIT_WITH_PROOF = 3  # requests per network address and window (a family, a shared connection)
LIMIT_WITHOUT_PROOF = 1  # no JavaScript: accepted, under a stricter limit


def remember(request, draw_request) -> None:
    known = request.session.get(SESSION_KEY, [])
    if draw_request.reference not in known:
        request.session[SESSION_KEY] = [*known, draw_request.reference][-20:]


@never_cache
def challenge(request):
    return JsonResponse(new_challenge())


@require_http_methods(["GET", "POST"])
def request_form(request, motif_id):
    motif = get_object_or_404(Motif.objects.select_related("place"), pk=motif_id, active=True, fair_mode=True)
    window = fair.open_window_of(motif)
    form = DrawRequestForm(request.POST or None)
    if request.method == "POST" and window is not None and form.is_valid():
        data = form.cleaned_data
        signature = verified_signature(data["altcha"])
        try:
            draw_request, code = fair.request_place(
                window=window,
                channel="online",
                person_name=data["nom"],
                birth_date=data["date_naissance"],
                phone=data["telephone"],
                email=data["courriel"],
                postal_address=data["adresse"],
                network=request.META.get("REMOTE_ADDR", ""),
                network_limit=LIMIT_WITH_PROOF if signature else LIMIT_WITHOUT_PROOF,
                challenge_signature=signature,
            )
        except InvalidInput as error:
            form.add_error(None, error.message)
        else:
            remember(request, draw_request)
            request.session[CODE_SESSION_KEY] = {draw_request.reference: code}
            return redirect("appointments:request_status", reference=draw_request.reference)
    zone = timezone_of(motif.place.code_postal)
    return render(
        request,
        "appointments/fair/request.html",
        {"motif": motif, "window": window, "form": form, "zone": zone},
    )


def _own_request(request, reference) -> DrawRequest:
    if reference not in request.session.get(SESSION_KEY, []):
        from django.http import Http404

        raise Http404
    return get_object_or_404(
        DrawRequest.objects.select_related("window__motif__place", "booking"), reference=reference
    )


def request_status(request, reference):
    draw_request = _own_request(request, reference)
    codes = request.session.pop(CODE_SESSION_KEY, {})
    zone = timezone_of(draw_request.window.motif.place.code_postal)
    return render(
        request,
        "appointments/fair/status.html",
        {
            "draw_request": draw_request,
            "window": draw_request.window,
            "code": codes.get(draw_request.reference),
            "zone": zone,
        },
    )


@require_POST
def answer_offer(request, reference):
    draw_request = _own_request(request, reference)
    try:
        if request.POST.get("reponse") == "oui":
            booking = waitlist.accept_offer(request=draw_request)
            from guichet.appointments import perms

            perms.remember(request, booking)
        elif draw_request.booking is not None:
            cancel(booking=draw_request.booking)
    except InvalidInput as error:
        from django.contrib import messages

        messages.error(request, error.message)
    return redirect("appointments:request_status", reference=draw_request.reference)


def public_draw(request, draw_id):
    window = get_object_or_404(DrawWindow.objects.select_related("motif__place"), pk=draw_id)
    counts = {
        "requests": window.requests.exclude(status=DrawRequest.Status.WITHDRAWN).count(),
        "taking_part": window.requests.exclude(ticket="").count(),
        "assigned": window.requests.exclude(drawn_slot=None).count(),
    }
    return render(
        request,
        "appointments/fair/public.html",
        {
            "window": window,
            "counts": counts,
            "places": len(window.places),
            "others": DrawWindow.objects.filter(motif=window.motif)
            .exclude(pk=window.pk)
            .order_by("-closes_at"),
        },
    )


def public_draw_csv(request, draw_id):
    """The draw's results, pseudonymous (references only): enough to replay it with the seed."""
    window = get_object_or_404(DrawWindow, pk=draw_id, drawn_at__isnull=False)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tirage-{window.pk}.csv"'
    writer = spreadsheet.writer(response)
    writer.writerow(["reference", "canal", "ticket", "creneau_attribue", "rang_liste_attente"])
    rows = window.requests.exclude(ticket="").order_by("ticket")
    for reference, channel, ticket, slot, rank in rows.values_list(
        "reference", "channel", "ticket", "drawn_slot", "rank"
    ):
        writer.writerow([reference, channel, ticket, slot.isoformat() if slot else "", rank or ""])
    return response
