"""Recording the person's consent: on screen, on a scanned paper form, or with a code sent by SMS."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guichet.core.exceptions import InvalidInput
from guichet.mandates import perms
from guichet.mandates.decorators import habilitated_aidant_required
from guichet.mandates.forms import CodeForm, PaperConsentForm, ScreenConsentForm, SendCodeForm
from guichet.mandates.models import ConsentMethod
from guichet.mandates.services import consent
from guichet.mandates.views_aidant import _mandate_context, remember_mandate_code


def _again(request, mandate, status=400, **forms):
    return render(
        request, "mandates/aidant/mandate.html", _mandate_context(request, mandate, **forms), status=status
    )


def _consented(request, result):
    remember_mandate_code(request, result.mandate, result.followup_code)
    messages.success(request, _("Mandat n° %s signé : il est en cours.") % result.mandate.reference)
    # An explicit fragment: otherwise the browser keeps the form's (#ecran, #sms) on the redirect.
    return redirect(reverse("mandates:mandate", args=[result.mandate.pk]) + "#contenu")


@habilitated_aidant_required
@require_POST
def consent_screen(request, mandate_id):
    mandate = perms.mandate_for_aidant(request.user, mandate_id)
    form = ScreenConsentForm(request.POST)
    if not form.is_valid():
        return _again(request, mandate, screen_form=form)
    try:
        result = consent.consent_in_person(
            mandate=mandate, by=request.user, method=ConsentMethod.SCREEN, **form.cleaned_data
        )
    except InvalidInput as exc:
        form.add_error(None, exc.message)
        return _again(request, mandate, screen_form=form)
    return _consented(request, result)


@habilitated_aidant_required
@require_POST
def consent_paper(request, mandate_id):
    mandate = perms.mandate_for_aidant(request.user, mandate_id)
    form = PaperConsentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _again(request, mandate, paper_form=form)
    try:
        result = consent.consent_in_person(
            mandate=mandate,
            by=request.user,
            method=ConsentMethod.PAPER,
            identity_check=form.cleaned_data["identity_check"],
            signed_form=form.cleaned_data["signed_form"],
        )
    except InvalidInput as exc:
        form.add_error("signed_form", exc.message)
        return _again(request, mandate, paper_form=form)
    return _consented(request, result)


@habilitated_aidant_required
@require_POST
def send_code(request, mandate_id):
    mandate = perms.mandate_for_aidant(request.user, mandate_id)
    form = SendCodeForm(request.POST)
    try:
        consent.send_consent_code(mandate=mandate, by=request.user)
    except InvalidInput as exc:
        form.is_valid()
        form.add_error(None, exc.message)
        return _again(request, mandate, send_code_form=form)
    messages.success(request, _("Code envoyé par SMS. Il vaut 15 minutes : demandez-le à la personne."))
    return redirect(reverse("mandates:mandate", args=[mandate.pk]) + "#sms")


@habilitated_aidant_required
@require_POST
def confirm_code(request, mandate_id):
    mandate = perms.mandate_for_aidant(request.user, mandate_id)
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _again(request, mandate, code_form=form)
    try:
        result = consent.confirm_consent_code(
            mandate=mandate, by=request.user, code=form.cleaned_data["code"]
        )
    except InvalidInput as exc:
        form.add_error("code", exc.message)
        return _again(request, mandate, code_form=form)
    return _consented(request, result)
