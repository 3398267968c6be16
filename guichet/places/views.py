"""Public pages of the directory: where to get help, complete without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from guichet.accounts.decorators import role_required
from guichet.accounts.models import Organisation, Role
from guichet.accounts.selectors import organisations_where
from guichet.core.exceptions import InvalidInput
from guichet.places import selectors
from guichet.places.forms import ImportForm, PlaceForm, ReferralForm, SearchForm
from guichet.places.models import Place, Referral
from guichet.places.services import duplicates as duplicates_service
from guichet.places.services import editing, exports, imports, referrals

PAGE_SIZE = 20


def search(request):
    data = None
    if request.GET:
        data = request.GET.copy()
        data.setdefault("distance", "20")  # a link without it searches, and says, 20 km
    form = SearchForm(data)
    page = None
    if form.is_bound and form.is_valid():
        found = selectors.search(
            where=form.cleaned_data["lieu"],
            service=form.cleaned_data["service"],
            support=form.cleaned_data["accompagnement"],
            open_now=form.cleaned_data["ouvert"],
            distance_km=form.cleaned_data["distance"] or 20,
            free=form.cleaned_data["gratuit"],
            walk_in=form.cleaned_data["sans_rdv"],
            audience=form.cleaned_data["public"],
            open_at_moment=selectors.next_moment(form.cleaned_data["jour"], form.cleaned_data["heure"])
            if form.cleaned_data.get("heure") is not None and form.cleaned_data.get("jour") is not None
            else None,
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
    return render(
        request,
        "places/detail.html",
        {
            "place": place,
            "can_refer": bool(selectors.staff_organisation_ids(request.user)),
            "can_edit": editing.can_edit(request.user, place),
        },
    )


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


@login_required
@require_http_methods(["GET", "POST"])
def refer(request, place_id):
    """An agent or an aidant sends a person to this place, with the person's consent."""
    place = get_object_or_404(Place.objects.filter(merged_into__isnull=True), pk=place_id)
    organisations = selectors.staff_organisation_ids(request.user)
    if not organisations:
        raise PermissionDenied
    form = ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            referral = referrals.refer(
                place=place,
                by=request.user,
                organisation=Organisation.objects.filter(pk__in=organisations).order_by("name").first(),
                **form.cleaned_data,
            )
        except InvalidInput as exc:
            form.add_error(None, exc.message)
        else:
            if referral.notify_by == Referral.NotifyBy.PAPER:
                return render(
                    request,
                    "places/referral_sheet.html",
                    {"referral": referral, "message": referrals.message_for_person(referral)},
                )
            messages.success(
                request, _("Orientation envoyée au lieu ; la personne reçoit l'adresse et les horaires.")
            )
            return redirect("places:referrals")
    return render(
        request, "places/refer.html", {"place": place, "form": form}, status=400 if form.errors else 200
    )


@login_required
def referral_list(request):
    if not selectors.staff_organisation_ids(request.user):
        raise PermissionDenied
    return render(
        request,
        "places/referrals.html",
        {
            "received": selectors.referrals_received(request.user)[:100],
            "sent": selectors.referrals_sent(request.user)[:100],
            "outcomes": [c for c in Referral.Outcome.choices if c[0]],
        },
    )


@login_required
@require_POST
def referral_action(request, referral_id, action):
    referral = get_object_or_404(selectors.referrals_received(request.user), pk=referral_id)
    try:
        if action == "accepter":
            referrals.answer(referral=referral, user=request.user, accept=True)
        elif action == "refuser":
            referrals.answer(
                referral=referral, user=request.user, accept=False, reason=request.POST.get("motif", "")
            )
        elif action == "suite":
            referrals.record_outcome(
                referral=referral, user=request.user, outcome=request.POST.get("suite", "")
            )
        else:
            raise Http404
    except InvalidInput as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Enregistré."))
    return redirect("places:referrals")


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, place_id):
    place = get_object_or_404(Place.objects.filter(merged_into__isnull=True), pk=place_id)
    if not editing.can_edit(request.user, place):
        raise Http404
    initial = {name: getattr(place, name) for name in PlaceForm.base_fields}
    form = PlaceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        place, errors = editing.update_place(place=place, user=request.user, values=form.cleaned_data)
        for name, reason in errors.items():
            form.add_error(name if name in form.fields else None, reason)
        if not errors:
            messages.success(request, _("Fiche du lieu mise à jour."))
            return redirect("places:detail", place_id=place.pk)
    return render(
        request, "places/edit.html", {"place": place, "form": form}, status=400 if form.errors else 200
    )


EXPORTS = {
    "mednum.csv": (exports.to_csv, "text/csv; charset=utf-8"),
    "mednum.json": (exports.to_json, "application/json"),
    "data-inclusion.csv": (exports.to_inclusion_csv, "text/csv; charset=utf-8"),
    "data-inclusion.json": (exports.to_inclusion_json, "application/json"),
}


def export(request, name):
    """The whole directory as open data, in either standard."""
    if name not in EXPORTS:
        raise Http404
    render_file, content_type = EXPORTS[name]
    places = selectors.filtered().order_by("source", "source_id")
    response = HttpResponse(render_file(places), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="lieux-{name}"'
    return response
