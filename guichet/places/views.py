"""Public pages of the directory: where to get help, complete without JavaScript."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from guichet.accounts.decorators import role_required
from guichet.accounts.models import Role
from guichet.accounts.selectors import organisations_where
from guichet.core.exceptions import InvalidInput
from guichet.places import selectors
from guichet.places.forms import ImportForm, SearchForm
from guichet.places.models import Place
from guichet.places.services import duplicates as duplicates_service
from guichet.places.services import imports

PAGE_SIZE = 20


def search(request):
    form = SearchForm(request.GET or None)
    page = None
    if form.is_bound and form.is_valid():
        found = selectors.search(
            where=form.cleaned_data["lieu"],
            service=form.cleaned_data["service"],
            support=form.cleaned_data["accompagnement"],
            open_now=form.cleaned_data["ouvert"],
            distance_km=form.cleaned_data["distance"] or 20,
        )
        page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
        prefetch_related_objects(page.object_list, "intervals")
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "places/search.html", {"form": form, "page": page, "query": query.urlencode()})


def detail(request, place_id):
    place = get_object_or_404(Place.objects.prefetch_related("intervals", "procedures"), pk=place_id)
    if place.merged_into_id:
        return redirect("places:detail", place_id=place.merged_into_id)
    return render(request, "places/detail.html", {"place": place})


@role_required(Role.RESPONSABLE)
@require_http_methods(["GET", "POST"])
def import_file(request):
    """A responsable imports a file of places; refused rows are listed with their line, field and reason."""
    organisations = list(organisations_where(request.user, Role.RESPONSABLE))
    form = ImportForm(request.POST or None, request.FILES or None, organisations=organisations)
    report = None
    if request.method == "POST" and form.is_valid():
        organisation = next(
            (o for o in organisations if str(o.pk) == form.cleaned_data["organisation"]), None
        )
        try:
            report = imports.import_places(
                data=form.cleaned_data["fichier"].file,
                filename=form.cleaned_data["fichier"].name,
                source=form.cleaned_data["source"],
                dry_run=form.cleaned_data["essai"],
                actor=request.user,
                organisation=organisation,
            )
        except InvalidInput as exc:
            form.add_error("fichier", exc.message)
    return render(
        request,
        "places/import.html",
        {"form": form, "report": report},
        status=400 if form.errors else 200,
    )


@role_required(Role.RESPONSABLE)
@require_http_methods(["GET", "POST"])
def duplicates(request):
    """Likely duplicates involving the responsable's places, to merge or to leave as they are."""
    organisation_ids = {o.pk for o in organisations_where(request.user, Role.RESPONSABLE)}
    found = [
        c
        for c in duplicates_service.candidates()
        if {c.first.organisation_id, c.second.organisation_id} & organisation_ids
    ]
    if request.method == "POST":
        keep_id, other_id = request.POST.get("garder", ""), request.POST.get("fusionner", "")
        pair = next((c for c in found if {str(c.first.pk), str(c.second.pk)} == {keep_id, other_id}), None)
        if pair is None or keep_id == other_id:
            messages.error(request, _("Ces deux lieux ne sont pas proposés à la fusion."))
        else:
            keep, other = (
                (pair.first, pair.second) if str(pair.first.pk) == keep_id else (pair.second, pair.first)
            )
            try:
                duplicates_service.merge(keep=keep, other=other, actor=request.user)
            except InvalidInput as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("Lieux fusionnés : « %s » reste affiché.") % keep.nom)
        return redirect("places:duplicates")
    return render(request, "places/duplicates.html", {"candidates": found})
