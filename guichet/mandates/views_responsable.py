"""The responsable's side: enrol, suspend and reactivate aidants; see and revoke the organisation's mandates."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from guichet.accounts.decorators import role_required
from guichet.accounts.models import Role
from guichet.accounts.perms import managed_organisation_for
from guichet.accounts.selectors import organisations_where
from guichet.core.downloads import uploaded_file_response
from guichet.core.exceptions import InvalidInput
from guichet.mandates import perms, selectors
from guichet.mandates.forms import EnrolmentForm, SuspendForm
from guichet.mandates.services import habilitations, mandates


@role_required(Role.RESPONSABLE)
def aidants(request):
    managed = [
        {
            "organisation": organisation,
            "habilitations": selectors.habilitations_of(organisation),
            "mandates": selectors.mandates_of_organisation(organisation)[:50],
        }
        for organisation in organisations_where(request.user, Role.RESPONSABLE)
    ]
    return render(
        request, "mandates/responsable/aidants.html", {"managed": managed, "suspend_form": SuspendForm()}
    )


@role_required(Role.RESPONSABLE)
@require_http_methods(["GET", "POST"])
def enrol(request, organisation_id):
    organisation = managed_organisation_for(request.user, organisation_id)
    form = EnrolmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            habilitation = habilitations.enrol_aidant(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except InvalidInput as exc:
            form.add_error(None, exc.message)
        else:
            habilitations.invite_aidant(habilitation=habilitation, site_url=request.build_absolute_uri("/"))
            messages.success(
                request,
                _(
                    "%s est habilité. Un courriel lui permet de choisir son mot de passe ; à sa première "
                    "connexion, il activera la double authentification."
                )
                % habilitation.user,
            )
            return redirect("mandates:aidants")
    return render(request, "mandates/responsable/enrol.html", {"form": form, "organisation": organisation})


@role_required(Role.RESPONSABLE)
@require_POST
def suspend(request, habilitation_id):
    habilitation = perms.habilitation_for_responsable(request.user, habilitation_id)
    form = SuspendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indiquez le motif de la suspension : l'aidant le lira."))
        return redirect("mandates:aidants")
    habilitations.suspend_habilitation(
        habilitation=habilitation, by=request.user, reason=form.cleaned_data["reason"]
    )
    messages.success(request, _("%s est suspendu : il ne peut plus agir pour personne.") % habilitation.user)
    return redirect("mandates:aidants")


@role_required(Role.RESPONSABLE)
@require_POST
def reactivate(request, habilitation_id):
    habilitation = perms.habilitation_for_responsable(request.user, habilitation_id)
    habilitations.reactivate_habilitation(habilitation=habilitation, by=request.user)
    messages.success(request, _("%s peut de nouveau agir sous mandat.") % habilitation.user)
    return redirect("mandates:aidants")


@role_required(Role.RESPONSABLE)
def attestation(request, habilitation_id):
    habilitation = perms.habilitation_for_responsable(request.user, habilitation_id)
    return uploaded_file_response(
        habilitation.attachment, name=habilitation.attachment_name, content_type=habilitation.attachment_type
    )


@role_required(Role.RESPONSABLE)
@require_POST
def responsable_revoke(request, mandate_id):
    mandate = perms.mandate_for_responsable(request.user, mandate_id)
    try:
        mandates.revoke_mandate(mandate=mandate, by=request.user, revoked_as=mandates.RevokedAs.RESPONSABLE)
    except InvalidInput as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Le mandat n° %s est révoqué, avec effet immédiat.") % mandate.reference)
    return redirect("mandates:aidants")
