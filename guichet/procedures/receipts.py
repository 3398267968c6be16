"""The legal receipt (CRPA L112-3, L112-11, R112-5, R112-11-1): issued once, kept, verified.

A receipt is proof of what was received and when. It is rendered **once**, when the event that calls
for it happens (deposit, pieces requested with a new deadline, dossier completed, deadlines extended by
an outage), stored encrypted like the dossier's documents, and its SHA-256 goes into the journal entry
of that event. Downloading it gives the stored bytes, whatever changed since (the procedure's title,
its version, the organisation's address). `verify_issued_receipts` finds a replaced file.
"""

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from guichet.core import journal
from guichet.core.journal.models import JournalEntry
from guichet.procedures import definition as defn
from guichet.procedures.models import Dossier, DossierState, IssuedReceipt, PieceLater
from guichet.procedures.selectors import open_corrections


def public_followup_url() -> str:
    return settings.GUICHET_PUBLIC_URL + reverse("procedures:followup")


def receipt_context(dossier: Dossier, *, followup_url: str, issued_at=None, reissued: bool = False) -> dict:
    version = dossier.procedure_version
    missing = []
    completion_due_on = None
    if dossier.state == DossierState.A_COMPLETER:
        hows = dict(PieceLater.choices)
        for correction in open_corrections(dossier):
            missing += [
                defn.field_label(version.definition, key)
                + (
                    f" ({hows[dossier.pieces_later[key]].lower()})"
                    if dossier.pieces_later.get(key) in hows
                    else ""
                )
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
        "generated_at": issued_at or timezone.now(),
        "reissued": reissued,
    }


def render_receipt_pdf(context: dict) -> bytes:
    from weasyprint import HTML  # imported lazily: loading Pango costs time at every start

    return HTML(string=render_to_string("procedures/pdf/receipt.html", context)).write_pdf()


@transaction.atomic
def issue_receipt(*, dossier: Dossier, reason: str, actor=None) -> IssuedReceipt:
    """Render the receipt of this event once, keep the PDF, and anchor its SHA-256 in the journal."""
    now = timezone.now()
    reissued = reason == IssuedReceipt.Reason.REISSUED
    pdf = render_receipt_pdf(
        receipt_context(dossier, followup_url=public_followup_url(), issued_at=now, reissued=reissued)
    )
    digest = hashlib.sha256(pdf).hexdigest()
    receipt = IssuedReceipt(dossier=dossier, reason=reason, sha256=digest, issued_at=now)
    entry = journal.record(
        action="dossier.accuse_emis",
        actor=actor if actor is not None and actor.is_authenticated else None,
        channel=dossier.channel,
        organisation_id=dossier.organisation_id,
        subject_type="dossier",
        subject_id=str(dossier.pk),
        on_behalf_of_id=dossier.usager_id,
        data={"accuse": str(receipt.id), "motif": reason, "sha256": digest},
    )
    receipt.journal_hash = entry.hash
    receipt.file.save(f"{receipt.id}.pdf", ContentFile(pdf), save=False)
    receipt.save()
    return receipt


@transaction.atomic
def latest_or_reissued(*, dossier: Dossier) -> IssuedReceipt:
    """The dossier's latest receipt; one marked « réédité » for a dossier deposited before they were kept."""
    Dossier.objects.select_for_update().filter(pk=dossier.pk).first()
    latest = dossier.issued_receipts.order_by("-issued_at").first()
    return latest or issue_receipt(dossier=dossier, reason=IssuedReceipt.Reason.REISSUED)


def stored_bytes(receipt: IssuedReceipt) -> bytes:
    with receipt.file.open("rb") as handle:
        return handle.read()


def verify_issued_receipts() -> list[str]:
    """Every kept receipt still has the bytes whose SHA-256 the journal recorded; French problems else."""
    problems = []
    anchored = {
        entry.hash: entry.data.get("sha256")
        for entry in JournalEntry.objects.filter(action="dossier.accuse_emis").only("hash", "data")
    }
    for receipt in IssuedReceipt.objects.select_related("dossier").iterator():
        label = f"accusé {receipt.id} du dossier {receipt.dossier.number}"
        recorded = anchored.get(receipt.journal_hash)
        if recorded is None or recorded != receipt.sha256:
            problems.append(f"{label} : son empreinte n'est pas celle inscrite au journal.")
            continue
        try:
            content = stored_bytes(receipt)
        except Exception as exc:  # noqa: BLE001 — a missing or unreadable file is what we report
            problems.append(f"{label} : fichier illisible ({exc.__class__.__name__}).")
            continue
        if hashlib.sha256(content).hexdigest() != recorded:
            problems.append(
                f"{label} : le fichier a été remplacé (empreinte différente de celle du journal)."
            )
    return problems


def followup_sheet_pdf(dossier: Dossier, *, code: str, followup_url: str) -> bytes:
    """The printable sheet with the dossier number and the follow-up code, for people without e-mail."""
    from weasyprint import HTML

    html = render_to_string(
        "procedures/pdf/followup_sheet.html", {"dossier": dossier, "code": code, "followup_url": followup_url}
    )
    return HTML(string=html).write_pdf()
