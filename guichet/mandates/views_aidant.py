"""The aidant's side: people, mandates, and « Démarche pour une personne accompagnée »."""

import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from guichet.accounts.models import User
from guichet.core import session_secrets
from guichet.core.exceptions import InvalidInput
from guichet.core.journal import entries_for_subject
from guichet.core.phone import normalize_phone
from guichet.mandates import documents, perms, selectors
from guichet.mandates.decorators import habilitated_aidant_required
from guichet.mandates.forms import (
    CodeForm,
    MandateForm,
    PaperConsentForm,
    PersonForm,
    PersonSearchForm,
    ScreenConsentForm,
    SendCodeForm,
)
from guichet.mandates.labels import action_label
from guichet.mandates.models import MandateState
from guichet.mandates.services import acting, consent, mandates
from guichet.procedures import selectors as procedure_selectors
from guichet.procedures.models import Dossier, DossierState

CODES_SESSION_KEY = "guichet_codes_mandats"


def _organisation(request):
    """The organisation the aidant works for now: the one asked for if habilitated there, else the first."""
    organisations = selectors.habilitated_organisations(request.user)
    wanted = request.POST.get("organisation") or request.GET.get("organisation") or ""
    try:
        chosen = organisations.filter(pk=uuid.UUID(wanted)).first() if wanted else None
    except ValueError:
        chosen = None
    return chosen or organisations.first()


@habilitated_aidant_required
def mandate_list(request):
    organisations = selectors.habilitated_organisations(request.user)
    groups = [
        {
            "organisation": organisation,
            "expiring": selectors.mandates_expiring_soon(organisation=organisation),
            "mandates": selectors.mandates_of_organisation(organisation)[:100],
        }
        for organisation in organisations
    ]
    return render(request, "mandates/aidant/mandate_list.html", {"groups": groups})


@habilitated_aidant_required
def act_person(request):
    """« Démarche pour une personne accompagnée » : first, who is the person?"""
    organisation = _organisation(request)
    form = PersonSearchForm(request.GET or None)
    search = form.cleaned_data["q"].strip() if form.is_valid() else ""
    people = list(selectors.people_of_organisation(organisation, search=search)[:50])
    existing = None
    if search and not people:
        existing = _existing_account(search)
    return render(
        request,
        "mandates/aidant/act_person.html",
        {
            "organisation": organisation,
            "form": form,
            "people": people,
            "search": search,
            "existing": existing,
        },
    )


def _existing_account(search: str):
    """A usager who already has an account, found only by their exact e-mail or mobile number."""
    try:
        phone = normalize_phone(search)
    except InvalidInput:
        phone = None
    people = User.objects.filter(memberships__isnull=True)
    if "@" in search:
        return people.filter(email__iexact=search).first()
    return people.filter(phone=phone).first() if phone else None


@habilitated_aidant_required
@require_http_methods(["GET", "POST"])
def new_person(request):
    organisation = _organisation(request)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = mandates.register_person(organisation=organisation, by=request.user, **form.cleaned_data)
        except InvalidInput as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("mandates:new_mandate", person_id=person.pk)
    return render(request, "mandates/aidant/new_person.html", {"form": form, "organisation": organisation})


@habilitated_aidant_required
def person(request, person_id):
    organisation = _organisation(request)
    person = perms.person_for_aidant(organisation, person_id)
    valid = selectors.valid_mandates_for(usager=person, organisation=organisation)
    others = (
        selectors.mandates_of_usager(person)
        .filter(organisation=organisation)
        .exclude(pk__in=[m.pk for m in valid])
    )
    return render(
        request,
        "mandates/aidant/person.html",
        {
            "organisation": organisation,
            "person": person,
            "valid": valid,
            "others": others,
            "entries": selectors.actions_for_organisation(person, organisation),
        },
    )


@habilitated_aidant_required
@require_http_methods(["GET", "POST"])
def new_mandate(request, person_id):
    organisation = _organisation(request)
    person = _person_for_new_mandate(request, organisation, person_id)
    procedures = procedure_selectors.published_procedures()
    form = MandateForm(request.POST or None, procedures=procedures)
    if request.method == "POST" and form.is_valid():
        try:
            mandate = mandates.create_mandate(
                usager=person,
                organisation=organisation,
                by=request.user,
                categories=form.cleaned_data["categories"],
                procedure_ids=form.cleaned_data["procedures"],
                duration=form.cleaned_data["duration"],
            )
        except InvalidInput as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("mandates:mandate", mandate_id=mandate.pk)
    return render(
        request,
        "mandates/aidant/new_mandate.html",
        {"form": form, "person": person, "organisation": organisation},
    )


def _person_for_new_mandate(request, organisation, person_id):
    """A person of the organisation, or an existing account the aidant found by exact e-mail or phone."""
    try:
        return perms.person_for_aidant(organisation, person_id)
    except Http404:
        found = _existing_account(request.GET.get("par", "") or request.POST.get("par", ""))
        if found is None or str(found.pk) != str(person_id):
            raise
        return found


def _mandate_context(request, mandate, **extra):
    context = {
        "mandate": mandate,
        "summary": documents.scope_summary(mandate),
        "awaiting": mandate.state == MandateState.AWAITING_CONSENT,
        "active": mandate.state == MandateState.ACTIVE,
        "code": session_secrets.recall(request.session, CODES_SESSION_KEY, str(mandate.pk)),
        "screen_form": ScreenConsentForm(),
        "paper_form": PaperConsentForm(),
        "send_code_form": SendCodeForm(),
        "recorded_mobile": consent.masked_phone(mandate.usager.phone),
        "code_form": CodeForm(),
        "pending_code": mandate.consent_codes.filter(used_at__isnull=True, locked_at__isnull=True).first(),
        "journal": _mandate_journal(mandate),
    }
    if context["active"]:
        context["procedures"] = [
            p for p in procedure_selectors.published_procedures() if selectors.covers(mandate, p)
        ]
        context["dossiers"] = selectors.open_dossiers_for(mandate)
    context.update(extra)
    return context


def _mandate_journal(mandate):
    return [
        {"entry": entry, "label": action_label(entry)} for entry in entries_for_subject("mandat", mandate.pk)
    ]


@habilitated_aidant_required
def mandate_page(request, mandate_id):
    mandate = perms.mandate_for_aidant(request.user, mandate_id)
    return render(request, "mandates/aidant/mandate.html", _mandate_context(request, mandate))


@habilitated_aidant_required
def summary_pdf(request, mandate_id):
    mandate = perms.mandate_for_aidant(request.user, mandate_id)
    response = HttpResponse(documents.summary_pdf(mandate), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="resume-mandat-{mandate.reference}.pdf"'
    return response


@habilitated_aidant_required
def mandate_pdf(request, mandate_id):
    """The signed mandate; right after consent, the person's copy also carries the follow-up code."""
    mandate = perms.mandate_for_aidant(request.user, mandate_id)
    if not mandate.pdf:
        raise Http404
    code = session_secrets.recall(request.session, CODES_SESSION_KEY, str(mandate.pk))
    pdf = documents.mandate_pdf(mandate, code=code) if code else mandate.pdf.read()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="mandat-{mandate.reference}.pdf"'
    return response


@habilitated_aidant_required
@require_POST
def aidant_revoke(request, mandate_id):
    mandate = perms.mandate_for_aidant(request.user, mandate_id)
    try:
        mandates.revoke_mandate(mandate=mandate, by=request.user, revoked_as=mandates.RevokedAs.AIDANT)
    except InvalidInput as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Le mandat n° %s est révoqué, avec effet immédiat.") % mandate.reference)
    return redirect("mandates:mandate", mandate_id=mandate.pk)


@habilitated_aidant_required
@require_POST
def renew(request, mandate_id):
    mandate = perms.mandate_for_aidant(request.user, mandate_id)
    try:
        renewal = mandates.renew_mandate(mandate=mandate, by=request.user)
    except InvalidInput as exc:
        messages.error(request, exc.message)
        return redirect("mandates:mandate", mandate_id=mandate.pk)
    messages.success(
        request, _("Nouveau mandat préparé : il faut maintenant le consentement de la personne.")
    )
    return redirect("mandates:mandate", mandate_id=renewal.pk)


@habilitated_aidant_required
@require_POST
def act_start(request, mandate_id, procedure_id):
    mandate = perms.mandate_for_aidant(request.user, mandate_id)
    procedure = get_object_or_404(procedure_selectors.published_procedures(), pk=procedure_id)
    started = acting.start_under_mandate(mandate=mandate, aidant=request.user, procedure=procedure)
    perms.choose_mandate(request, started.dossier, mandate)
    return redirect("procedures:started", dossier_id=started.dossier.pk)


@habilitated_aidant_required
@require_POST
def act_continue(request, mandate_id, dossier_id):
    mandate = perms.mandate_for_aidant(request.user, mandate_id)
    dossier = get_object_or_404(Dossier.objects.select_related("procedure_version__procedure"), pk=dossier_id)
    if dossier.usager_id != mandate.usager_id:
        raise Http404
    acting.open_under_mandate(mandate=mandate, aidant=request.user, dossier=dossier)
    perms.choose_mandate(request, dossier, mandate)
    if dossier.state == DossierState.A_COMPLETER:
        return redirect("procedures:correct", dossier_id=dossier.pk)
    return redirect("procedures:review", dossier_id=dossier.pk)


def remember_mandate_code(request, mandate, code: str) -> None:
    session_secrets.keep(request.session, CODES_SESSION_KEY, str(mandate.pk), code)
