"""The background job: a responsable's upload screened by the engine's batch, ranked, errors kept."""

import csv
import html
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import OrganisationFactory, member
from guichet.core.journal.models import JournalEntry
from guichet.screening.demo import DEMO_CASELOAD
from guichet.screening.models import Caseload
from guichet.screening.services.caseload import _progress_callback, upload_caseload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("openfisca_system")]


@pytest.fixture
def responsable(client, login_with_2fa):
    user = member(Role.RESPONSABLE, organisation=OrganisationFactory(name="CCAS test"))
    login_with_2fa(client, user)
    return user


def test_an_uploaded_file_is_screened_in_the_background_and_ranked(
    client, responsable, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("foyers.csv", DEMO_CASELOAD.read_bytes(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/droits/foyers/", {"file": upload, "period": "2026-01"})
    caseload = Caseload.objects.get()
    assert response["Location"] == f"/droits/foyers/{caseload.pk}/"
    assert caseload.status == Caseload.Status.DONE, caseload.failure
    assert caseload.households_ok == 40 and caseload.rows_invalid == 2
    assert caseload.progress_done == caseload.progress_total > 0 and caseload.percent == 100
    totals = list(caseload.households.values_list("total", flat=True))
    assert totals == sorted(totals, reverse=True) and totals[0] > 0
    top = caseload.households.first()
    assert top.eligible_count >= 1 and "rsa" in top.amounts
    with caseload.errors_file.open("rb") as handle:
        errors = list(csv.DictReader(io.StringIO(handle.read().decode("utf-8"))))
    assert b"F041" not in Path(caseload.errors_file.path).read_bytes()  # encrypted at rest
    assert {row["household_id"] for row in errors} == {"F041", "F042"}
    assert all(row["ligne"].isdigit() and row["raison"] for row in errors)
    page = html.unescape(client.get(f"/droits/foyers/{caseload.pk}/").content.decode())
    assert "40 foyers simulés." in page and "2 lignes n'ont pas pu être lues." in page
    assert JournalEntry.objects.filter(action="screening.fichier_simule").get().data["foyers"] == 40


def test_the_progress_callback_writes_the_progress_on_the_caseload(responsable):
    caseload, _notice = upload_caseload(
        organisation=responsable.memberships.get().organisation,
        actor=responsable,
        name="foyers.csv",
        raw=DEMO_CASELOAD.read_bytes(),
        period="2026-01",
    )
    progress = _progress_callback(caseload.pk)
    progress(10, 73)
    caseload.refresh_from_db()
    assert (caseload.progress_done, caseload.progress_total, caseload.percent) == (10, 73, 13)
    progress(20, 73)  # within the same second: not written, to spare the database
    progress(73, 73)  # the end is always written
    caseload.refresh_from_db()
    assert caseload.progress_done == 73


def test_an_engine_failure_is_shown_to_the_responsable(
    client, responsable, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("panne")

    monkeypatch.setattr("guichet.screening.batch.run_file", broken)
    upload = SimpleUploadedFile("foyers.csv", DEMO_CASELOAD.read_bytes(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/droits/foyers/", {"file": upload, "period": "2026-01"})
    caseload = Caseload.objects.get()
    assert caseload.status == Caseload.Status.FAILED and not caseload.households.exists()
    assert "n'a pas pu aller au bout" in html.unescape(
        client.get(f"/droits/foyers/{caseload.pk}/").content.decode()
    )


def test_a_parquet_file_is_screened_too(client, responsable, django_capture_on_commit_callbacks):
    import io

    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    table = pacsv.read_csv(
        DEMO_CASELOAD,
        convert_options=pacsv.ConvertOptions(column_types={"depcom": "string", "household_id": "string"}),
    )
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    upload = SimpleUploadedFile("foyers.parquet", buffer.getvalue(), content_type="application/octet-stream")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/droits/foyers/", {"file": upload, "period": "2026-01"})
    caseload = Caseload.objects.get()
    assert caseload.status == Caseload.Status.DONE, caseload.failure
    assert caseload.input_file.name.endswith(".parquet") and caseload.households_ok >= 40
