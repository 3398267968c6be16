"""Caseload screening for a responsable: upload, progress, ranked households, contact, errors file."""

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from guichet.accounts.decorators import role_required
from guichet.accounts.models import Role
from guichet.accounts.selectors import organisations_where
from guichet.core.exceptions import InvalidInput
from guichet.screening import perms, selectors
from guichet.screening.forms_caseload import CaseloadUploadForm, ContactForm
from guichet.screening.services import caseload as caseload_service
from guichet.screening.services import contact as contact_service

PAGE_SIZE = 50
COVERAGE_LABELS = {
    "gratuite": gettext_lazy("sans participation"),
    "avec_participation": gettext_lazy("avec une participation"),
}


@role_required(Role.RESPONSABLE)
@require_http_methods(["GET", "POST"])
def caseload_list(request):
    organisations = list(organisations_where(request.user, Role.RESPONSABLE).order_by("name"))
    form = CaseloadUploadForm()
    if request.method == "POST":
        form = CaseloadUploadForm(request.POST, request.FILES)
        chosen = request.POST.get("organisation") or str(organisations[0].pk)
        organisation = next((o for o in organisations if str(o.pk) == chosen), None)
        if organisation is None:
            raise Http404
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                caseload, notice = caseload_service.upload_caseload(
                    organisation=organisation,
                    actor=request.user,
                    name=upload.name,
                    raw=upload.read(),
                    period=form.cleaned_data["period"],
                )
            except InvalidInput as exc:
                form.add_error("file" if "AAAA-MM" not in exc.message else "period", exc.message)
            else:
                if notice:
                    messages.info(request, notice)
                messages.success(request, _("Fichier reçu : la simulation commence."))
                return redirect("screening:caseload", caseload_id=caseload.pk)
    return render(
        request,
        "screening/caseload_list.html",
        {
            "form": form,
            "organisations": organisations,
            "caseloads": selectors.caseloads_of([o.pk for o in organisations]),
            "retention_days": settings.SCREENING_RETENTION_DAYS,
        },
    )


@role_required(Role.RESPONSABLE)
def caseload_detail(request, caseload_id):
    caseload = perms.caseload_for(request.user, caseload_id)
    page = Paginator(selectors.ranked_households(caseload), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "screening/caseload_detail.html",
        {"caseload": caseload, "page": page},
    )


def _download(field, filename: str):
    if not field.name:
        raise Http404
    return FileResponse(field.open("rb"), as_attachment=True, filename=filename, content_type="text/csv")


@role_required(Role.RESPONSABLE)
def caseload_errors(request, caseload_id):
    caseload = perms.caseload_for(request.user, caseload_id)
    return _download(caseload.errors_file, f"erreurs-{caseload.pk.hex[:8]}.csv")


@role_required(Role.RESPONSABLE)
def caseload_results(request, caseload_id):
    caseload = perms.caseload_for(request.user, caseload_id)
    return _download(caseload.output_file, f"resultats-{caseload.pk.hex[:8]}.csv")


@role_required(Role.RESPONSABLE)
@require_http_methods(["GET", "POST"])
def household_detail(request, caseload_id, household_id):
    household = perms.household_for(request.user, caseload_id, household_id)
    form = ContactForm(initial={"message": contact_service.default_message(household)})
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            try:
                contact_service.contact_household(
                    household=household, actor=request.user, **form.cleaned_data
                )
            except InvalidInput as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Prise de contact enregistrée."))
                return redirect("screening:household", caseload_id=caseload_id, household_id=household.pk)
    labels = selectors.benefit_labels()
    amounts = [
        {"label": labels.get(code, code), "amount": Decimal(value)}
        for code, value in household.amounts.items()
        if caseload_service.is_amount(value) and Decimal(value) > 0
    ]
    coverages = [
        {"label": labels.get(code, code), "status": COVERAGE_LABELS.get(value, value)}
        for code, value in household.amounts.items()
        if value and not caseload_service.is_amount(value)
    ]
    return render(
        request,
        "screening/household_detail.html",
        {
            "household": household,
            "caseload": household.caseload,
            "amounts": sorted(amounts, key=lambda item: -item["amount"]),
            "coverages": coverages,
            "contacts": household.contacts.select_related("created_by", "notification"),
            "form": form,
        },
    )
