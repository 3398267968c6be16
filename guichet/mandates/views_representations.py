"""Legal representatives: declare a measure with its proof, then act in one's own name for the person."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from guichet.core.exceptions import InvalidInput, PermissionDenied
from guichet.mandates import perms, selectors
from guichet.mandates.forms import RepresentationForm
from guichet.mandates.models import LegalRepresentation
from guichet.mandates.services import representations
from guichet.procedures import selectors as procedure_selectors
from guichet.procedures.models import Dossier, DossierState
from guichet.procedures.views_usager import remember_code


@login_required
@require_http_methods(["GET", "POST"])
def representation_list(request):
    form = RepresentationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            representations.declare_representation(representative=request.user, **form.cleaned_data)
        except (InvalidInput, PermissionDenied) as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Représentation enregistrée : vous pouvez faire des démarches pour cette personne."),
            )
            return redirect("mandates:representations")
    items = [
        {
            "representation": r,
            "active": r.is_active_at(),
            "dossiers": Dossier.objects.filter(
                usager=r.represented, state__in=[DossierState.BROUILLON, DossierState.A_COMPLETER]
            ).select_related("procedure_version__procedure"),
            "actions": selectors.actions_for(r.represented)[:20],
        }
        for r in LegalRepresentation.objects.filter(representative=request.user).select_related("represented")
    ]
    return render(
        request,
        "mandates/usager/representations.html",
        {"form": form, "items": items, "procedures": procedure_selectors.published_procedures()},
    )


@login_required
@require_POST
def representation_start(request, representation_id):
    representation = perms.representation_for(request.user, representation_id)
    procedure = (
        procedure_selectors.published_procedures().filter(slug=request.POST.get("demarche", "")).first()
    )
    if procedure is None:
        messages.error(request, _("Choisissez une démarche."))
        return redirect("mandates:representations")
    try:
        started = representations.start_as_representative(representation=representation, procedure=procedure)
    except InvalidInput as exc:
        messages.error(request, exc.message)
        return redirect("mandates:representations")
    remember_code(request, started.dossier, started.followup_code)
    return redirect("procedures:started", dossier_id=started.dossier.pk)


@login_required
@require_POST
def representation_end(request, representation_id):
    representation = perms.representation_for(request.user, representation_id)
    representations.end_representation(representation=representation, by=request.user)
    messages.success(request, _("Représentation arrêtée : vous ne pouvez plus agir pour cette personne."))
    return redirect("mandates:representations")
