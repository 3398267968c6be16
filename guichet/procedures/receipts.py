"""The legal receipt (CRPA L112-3, L112-11, R112-5, R112-11-1), as HTML and as PDF."""

from django.template.loader import render_to_string
from django.utils import timezone

from guichet.procedures import definition as defn
from guichet.procedures.models import Dossier, DossierState
from guichet.procedures.selectors import open_corrections


def receipt_context(dossier: Dossier, *, followup_url: str) -> dict:
    version = dossier.procedure_version
    missing = []
    completion_due_on = None
    if dossier.state == DossierState.A_COMPLETER:
        for correction in open_corrections(dossier):
            missing += [
                defn.field_label(version.definition, key)
                for key in [*correction.fields, *correction.documents]
            ]
            completion_due_on = correction.due_on
    return {
        "dossier": dossier,
        "procedure": dossier.procedure,
        "organisation": dossier.organisation,
        "version": version,
        "received_at": dossier.received_at,
        "implicit_acceptance": version.implicit_decision == "acceptance",
        "missing": missing,
        "completion_due_on": completion_due_on,
        "followup_url": followup_url,
        "generated_at": timezone.now(),
    }


def receipt_pdf(dossier: Dossier, *, followup_url: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "procedures/pdf/receipt.html", receipt_context(dossier, followup_url=followup_url)
    )
    return HTML(string=html).write_pdf()


def followup_sheet_pdf(dossier: Dossier, *, code: str, followup_url: str) -> bytes:
    """The printable sheet with the dossier number and the follow-up code, for people without e-mail."""
    from weasyprint import HTML

    html = render_to_string(
        "procedures/pdf/followup_sheet.html", {"dossier": dossier, "code": code, "followup_url": followup_url}
    )
    return HTML(string=html).write_pdf()
