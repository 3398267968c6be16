"""The usager's side: « Qui a agi pour moi ? », and revoking a mandate with an account or a code."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from guichet.core.exceptions import InvalidInput
from guichet.mandates import perms, selectors
from guichet.mandates.forms import RevokeWithCodeForm
from guichet.mandates.services import mandates


@require_http_methods(["GET", "POST"])
def who_acted(request):
    """With an account: every mandate and every act done in one's name. Without one (most people an
    aidant helps have none): the number and code printed on the mandate open what was done under it."""
    if request.user.is_authenticated and request.method == "GET":
        return render(
            request,
            "mandates/usager/who_acted.html",
            {
                "mandates": selectors.mandates_of_usager(request.user),
                "entries": selectors.actions_for(request.user),
                "form": RevokeWithCodeForm(),
            },
        )
    return _open_with_code(request, "mandates/usager/who_acted_code.html")


@login_required
@require_POST
def usager_revoke(request, mandate_id):
    mandate = perms.mandate_for_usager(request.user, mandate_id)
    try:
        mandates.revoke_mandate(mandate=mandate, by=request.user, revoked_as=mandates.RevokedAs.USAGER)
    except InvalidInput as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Le mandat donné à %s est révoqué : plus personne ne peut agir pour vous avec lui.")
            % mandate.organisation,
        )
    return redirect("mandates:who_acted")


@require_http_methods(["GET", "POST"])
def revoke_with_code(request):
    """A person without account follows their mandate with the reference and code of their copy."""
    return _open_with_code(request, "mandates/usager/revoke_with_code.html")


def _open_with_code(request, template: str):
    form = RevokeWithCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mandate = mandates.check_mandate_code(**form.cleaned_data)
        except InvalidInput as exc:
            form.add_error(None, exc.message)
        else:
            perms.grant_mandate_followup(request, mandate)
            return redirect("mandates:mandate_followup", mandate_id=mandate.pk)
    return render(request, template, {"form": form})


@require_http_methods(["GET", "POST"])
def mandate_followup(request, mandate_id):
    """Only for the browser session that typed the mandate's code: what was done under it, and revoke."""
    mandate = perms.mandate_followed(request, mandate_id)
    if request.method == "POST":
        try:
            mandate = mandates.revoke_mandate(
                mandate=mandate, by=None, revoked_as=mandates.RevokedAs.USAGER_CODE
            )
        except InvalidInput as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _(
                    "Le mandat %(ref)s donné à %(org)s est révoqué : plus aucun aidant ne peut agir pour vous avec lui."
                )
                % {"ref": mandate.reference, "org": mandate.organisation},
            )
        return redirect("mandates:mandate_followup", mandate_id=mandate.pk)
    return render(
        request,
        "mandates/usager/mandate_followup.html",
        {"mandate": mandate, "entries": selectors.actions_under(mandate)},
    )
