"""A receipt is a document issued once, not a page recomputed (issue 22, point 1)."""

import hashlib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from guichet.core.journal import JournalEntry
from guichet.procedures import receipts
from guichet.procedures.models import IssuedReceipt
from guichet.procedures.services import transitions
from guichet.procedures.tests.factories import published_procedure
from guichet.procedures.tests.test_services import deposited
from guichet.procedures.tests.test_views import _start_online

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    import io

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_deposit_issues_one_receipt_whose_hash_is_in_the_journal():
    dossier = deposited()
    receipt = dossier.issued_receipts.get()
    assert receipt.reason == IssuedReceipt.Reason.DEPOSIT
    content = receipts.stored_bytes(receipt)
    assert content.startswith(b"%PDF") and hashlib.sha256(content).hexdigest() == receipt.sha256
    entry = JournalEntry.objects.get(action="dossier.accuse_emis")
    assert entry.data["sha256"] == receipt.sha256 and entry.hash == receipt.journal_hash


def test_renaming_the_procedure_and_moving_the_organisation_never_change_a_receipt_given(client):
    procedure_dossier = deposited()
    dossier = procedure_dossier
    session = client.session
    session["guichet_dossiers_suivis"] = [str(dossier.pk)]
    session.save()
    first = client.get(f"/dossiers/{dossier.pk}/accuse-de-reception.pdf").content
    procedure = dossier.procedure_version.procedure
    procedure.title = "Un tout autre titre"
    procedure.save()
    organisation = dossier.organisation
    organisation.address = "99 avenue Nouvelle\n47000 Agen"
    organisation.save()
    again = client.get(f"/dossiers/{dossier.pk}/accuse-de-reception.pdf").content
    assert again == first
    assert hashlib.sha256(again).hexdigest() == dossier.issued_receipts.get().sha256
    assert "Aide de test" in _text(again)


def test_a_correction_request_and_its_completion_each_issue_a_receipt_listed_on_both_pages(
    client, login_with_2fa
):
    from guichet.accounts.models import Role
    from guichet.accounts.tests.factories import member

    dossier = deposited()
    agent = member(Role.AGENT, organisation=dossier.organisation)
    transitions.request_correction(
        dossier_id=dossier.pk, actor=agent, fields=["nom"], documents=[], message="Le nom est incomplet."
    )
    reasons = list(dossier.issued_receipts.values_list("reason", flat=True))
    assert reasons == ["depot", "pieces_demandees"]
    login_with_2fa(client, agent)
    page = client.get(f"/instruction/dossiers/{dossier.pk}/").content.decode()
    assert "Compléments demandés (PDF)" in page and "Dépôt de la demande (PDF)" in page
    second = dossier.issued_receipts.get(reason="pieces_demandees")
    response = client.get(f"/dossiers/{dossier.pk}/accuses/{second.pk}.pdf")
    assert response.content == receipts.stored_bytes(second)


def test_verify_journal_reports_a_replaced_receipt():
    dossier = deposited()
    receipt = dossier.issued_receipts.get()
    out = StringIO()
    call_command("verify_journal", stdout=out)
    assert "Journal intact" in out.getvalue()
    Path(receipt.file.path).write_bytes(b"%PDF un autre document")  # replaced behind the application
    err = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_journal", stdout=StringIO(), stderr=err)
    assert exit_info.value.code == 1
    assert "le fichier a été remplacé" in err.getvalue()


def test_a_dossier_deposited_before_receipts_were_kept_gets_one_marked_reissued_never_backdated(client):
    dossier = _start_online(client, published_procedure())
    finished = deposited()
    finished.issued_receipts.all().delete()
    out = StringIO()
    call_command("issue_missing_receipts", stdout=out)
    assert "1 accusé(s) réédité(s)" in out.getvalue()
    receipt = finished.issued_receipts.get()
    assert receipt.reason == IssuedReceipt.Reason.REISSUED and receipt.issued_at > finished.received_at
    assert "Accusé réédité le" in _text(receipts.stored_bytes(receipt))
    assert not dossier.issued_receipts.exists()  # a draft has no receipt
