"""The receipts and the follow-up sheet of a dossier: the PDFs kept as issued, and the receipt page."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from guichet.procedures import perms, receipts
from guichet.procedures.models import DossierState
from guichet.procedures.perms import remembered_code
from guichet.procedures.views_usager import followup_url


def receipt(request, dossier_id):
    dossier = perms.dossier_for_editor(request, dossier_id)
    if dossier.received_at is None or dossier.state == DossierState.BROUILLON:
        raise Http404
    context = receipts.receipt_context(dossier, followup_url=followup_url(request))
    context["code"] = remembered_code(request, dossier)
    context["is_staff"] = perms.is_staff_of(request.user, dossier)
    return render(request, "procedures/receipt.html", context)


def receipt_pdf(request, dossier_id):
    """The latest receipt issued, as it was issued (a dossier deposited before receipts were kept gets
    one now, marked « réédité »)."""
    dossier = perms.dossier_for_editor(request, dossier_id)
    if dossier.received_at is None or dossier.state == DossierState.BROUILLON:
        raise Http404
    receipt = receipts.latest_or_reissued(dossier=dossier)
    return _receipt_response(dossier, receipt)


def issued_receipt_pdf(request, dossier_id, receipt_id):
    dossier = perms.dossier_for_editor(request, dossier_id)
    receipt = get_object_or_404(dossier.issued_receipts, pk=receipt_id)
    return _receipt_response(dossier, receipt)


def _receipt_response(dossier, receipt):
    response = HttpResponse(receipts.stored_bytes(receipt), content_type="application/pdf")
    stamp = timezone.localtime(receipt.issued_at).strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'inline; filename="accuse-reception-{dossier.number}-{stamp}.pdf"'
    return response


def followup_sheet_pdf(request, dossier_id):
    dossier = perms.dossier_for_editor(request, dossier_id)
    code = remembered_code(request, dossier)
    if code is None:
        raise Http404
    pdf = receipts.followup_sheet_pdf(dossier, code=code, followup_url=followup_url(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="fiche-suivi-{dossier.number}.pdf"'
    return response
