"""Legal representatives: declare a measure with its proof, then act in one's own name for the person."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from guichet.accounts.models import Role
from guichet.accounts.perms import has_role
from guichet.accounts.selectors import organisations_where
from guichet.core.downloads import uploaded_file_response
from guichet.core.exceptions import InvalidInput, PermissionDenied
from guichet.mandates import perms, selectors
from guichet.mandates.forms import RefusalForm, RepresentationForm
from guichet.mandates.models import LegalRepresentation
from guichet.mandates.services import representations
from guichet.procedures import selectors as procedure_selectors
from guichet.procedures.models import Dossier, DossierState
from guichet.procedures.perms import remember_code


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
                _(
                    "Représentation enregistrée. Montrez l'original du justificatif à la structure choisie : "
                    "vous pourrez agir dès qu'elle l'aura vérifié."
                ),
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


def _checker(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not (has_role(request.user, Role.AGENT) or has_role(request.user, Role.RESPONSABLE)):
        raise DjangoPermissionDenied
    return None


def representations_to_check(request):
    """Agents and responsables: the legal representations waiting for them to see the original proof."""
    elsewhere = _checker(request)
    if elsewhere:
        return elsewhere
    organisation_ids = set()
    for role in (Role.AGENT, Role.RESPONSABLE):
        organisation_ids |= set(organisations_where(request.user, role).values_list("pk", flat=True))
    pending = LegalRepresentation.objects.filter(
        organisation_id__in=organisation_ids, verified_at__isnull=True, refused_at__isnull=True
    ).select_related("representative", "represented", "organisation")
    return render(
        request, "mandates/staff/representations.html", {"pending": pending, "refusal_form": RefusalForm()}
    )


def representation_proof(request, representation_id):
    elsewhere = _checker(request)
    if elsewhere:
        return elsewhere
    representation = perms.representation_to_check(request.user, representation_id)
    return uploaded_file_response(
        representation.proof, name=representation.proof_name, content_type=representation.proof_type
    )


@require_POST
def representation_verify(request, representation_id):
    elsewhere = _checker(request)
    if elsewhere:
        return elsewhere
    representation = perms.representation_to_check(request.user, representation_id)
    try:
        representations.verify_representation(representation=representation, by=request.user)
    except InvalidInput as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Représentation vérifiée : %s peut agir.") % representation.representative
        )
    return redirect("mandates:representations_to_check")


@require_POST
def representation_refuse(request, representation_id):
    elsewhere = _checker(request)
    if elsewhere:
        return elsewhere
    representation = perms.representation_to_check(request.user, representation_id)
    form = RefusalForm(request.POST)
    try:
        representations.refuse_representation(
            representation=representation,
            by=request.user,
            reason=form.cleaned_data["reason"] if form.is_valid() else "",
        )
    except InvalidInput as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Représentation refusée ; la personne lit le motif."))
    return redirect("mandates:representations_to_check")
