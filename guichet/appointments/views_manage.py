"""The responsable's pages: motifs, weekly openings, closed days and draw windows at their places."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from guichet.accounts.decorators import role_required
from guichet.accounts.models import Role
from guichet.appointments import perms
from guichet.appointments.forms import ClosedDayForm, MotifForm, OpeningForm, WindowForm
from guichet.appointments.models import WeeklyOpening
from guichet.appointments.services import fair, setup
from guichet.appointments.services.setup import MOTIF_FIELDS
from guichet.core.exceptions import InvalidInput


@role_required(Role.RESPONSABLE)
def index(request):
    places = perms.manageable_places(request.user).prefetch_related("motifs")
    return render(request, "appointments/manage/index.html", {"places": places})


@role_required(Role.RESPONSABLE)
@require_http_methods(["GET", "POST"])
def new_motif(request, place_id):
    place = perms.place_for_responsable(request.user, place_id)
    form = MotifForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            motif = setup.save_motif(place=place, actor=request.user, data=form.cleaned_data)
        except InvalidInput as error:
            form.add_error(None, error.message)
        else:
            return redirect("appointments:manage_motif", motif_id=motif.pk)
    return render(request, "appointments/manage/new_motif.html", {"place": place, "form": form})


@role_required(Role.RESPONSABLE)
@require_http_methods(["GET", "POST"])
def motif(request, motif_id):
    """One page: the motif, its openings, its place's closed days and its draw windows, each its own form."""
    motif = perms.motif_for_responsable(request.user, motif_id)
    action = request.POST.get("action") if request.method == "POST" else None
    forms = {
        "motif": MotifForm(
            request.POST if action == "motif" else None,
            initial={name: getattr(motif, name) for name in MOTIF_FIELDS},
        ),
        "opening": OpeningForm(request.POST if action == "ouverture" else None),
        "closed": ClosedDayForm(request.POST if action == "fermeture" else None),
        "window": WindowForm(request.POST if action == "tirage" else None),
    }
    form = {"motif": forms["motif"], "ouverture": forms["opening"], "fermeture": forms["closed"],
            "tirage": forms["window"]}.get(action)  # fmt: skip
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if action == "motif":
                setup.save_motif(place=motif.place, actor=request.user, data=data, motif=motif)
            elif action == "ouverture":
                setup.add_opening(motif=motif, actor=request.user, **data)
            elif action == "fermeture":
                setup.add_closed_day(place=motif.place, actor=request.user, **data)
            else:
                fair.open_window(motif=motif, actor=request.user, **data)
        except InvalidInput as error:
            form.add_error(None, error.message)
        else:
            return redirect("appointments:manage_motif", motif_id=motif.pk)
    return render(
        request,
        "appointments/manage/motif.html",
        {
            "motif": motif,
            "forms": forms,
            "openings": motif.openings.all(),
            "closed_days": motif.place.closed_days.order_by("-day")[:20],
            "windows": motif.draw_windows.order_by("-closes_at")[:10],
            "title": _("Rendez-vous : %s") % motif.label,
        },
    )


@role_required(Role.RESPONSABLE)
@require_POST
def remove_opening(request, opening_id):
    opening = get_object_or_404(WeeklyOpening.objects.select_related("motif"), pk=opening_id)
    motif = perms.motif_for_responsable(request.user, opening.motif_id)
    setup.remove_opening(opening=opening, actor=request.user)
    return redirect("appointments:manage_motif", motif_id=motif.pk)
