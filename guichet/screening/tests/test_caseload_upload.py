"""Checking an uploaded caseload file: size, format, encoding and columns, each with a French message."""

import io
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import OrganisationFactory, member
from guichet.core.exceptions import InvalidInput
from guichet.core.journal.models import JournalEntry
from guichet.screening.models import Caseload
from guichet.screening.services.caseload import check_file, upload_caseload

pytestmark = pytest.mark.django_db

HEADER = "household_id,role,date_naissance,depcom,loyer_mensuel\n"
VALID = HEADER + "F1,demandeur,1980-01-01,47323,400\nF1,enfant,2015-05-05,47323,400\n"


def test_a_utf8_csv_is_kept_as_is():
    checked = check_file(name="foyers.csv", raw=VALID.encode())
    assert checked.content.decode() == VALID and checked.notice == ""


def test_a_utf8_csv_with_a_byte_order_mark_is_read():
    checked = check_file(name="foyers.csv", raw=b"\xef\xbb\xbf" + VALID.encode())
    assert checked.content.decode().startswith("household_id,")


def test_an_excel_windows_1252_file_is_converted_and_the_person_is_told():
    raw = (HEADER.replace(",", ";") + "Hélène;demandeur;1980-01-01;47323;400\n").encode("cp1252")
    checked = check_file(name="export excel.csv", raw=raw)
    assert "Hélène" in checked.content.decode("utf-8")
    assert "Windows-1252" in checked.notice and "point-virgule" in checked.notice
    assert checked.content.decode().splitlines()[1].startswith("Hélène,demandeur")


@pytest.mark.parametrize(
    "name,raw,message",
    [
        ("foyers.csv", b"", "est vide"),
        ("foyers.csv", b"household_id,role\nF1,demandeur\n", "date_naissance, depcom"),
        ("foyers.csv", HEADER.encode(), "aucune personne"),
        ("foyers.xlsx", VALID.encode(), "ou Parquet"),
        ("foyers.parquet", VALID.encode(), "pas un fichier Parquet valide"),
        ("foyers.csv", b"\x81\x8d\x8f\x90\x9d" * 10, "ni en UTF-8 ni en Windows-1252"),
        ("foyers.csv", VALID.encode() + b"F2,demandeur\x00,1980-01-01,47323\n", "caractères binaires"),
    ],
)
def test_a_wrong_file_is_refused_with_what_to_do(name, raw, message):
    with pytest.raises(InvalidInput, match=message):
        check_file(name=name, raw=raw)


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.SCREENING_CASELOAD_MAX_MB = 1
    with pytest.raises(InvalidInput, match="la limite est de 1 Mo"):
        check_file(name="foyers.csv", raw=VALID.encode() + b"x" * 1024 * 1024)


def test_a_parquet_file_is_checked_for_its_columns():
    import pyarrow as pa
    import pyarrow.parquet as pq

    def parquet(columns):
        buffer = io.BytesIO()
        pq.write_table(pa.table({c: ["x"] for c in columns}), buffer)
        return buffer.getvalue()

    good = parquet(["household_id", "role", "date_naissance", "depcom"])
    assert check_file(name="foyers.parquet", raw=good).extension == ".parquet"
    with pytest.raises(InvalidInput, match="depcom"):
        check_file(name="foyers.parquet", raw=parquet(["household_id", "role", "date_naissance"]))


def test_uploading_keeps_the_file_queues_the_job_and_journals(
    django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr(
        "guichet.screening.services.caseload.run_caseload",
        SimpleNamespace(enqueue=lambda caseload_id: queued.append(caseload_id)),
    )
    organisation = OrganisationFactory()
    responsable = member(Role.RESPONSABLE, organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        caseload, _notice = upload_caseload(
            organisation=organisation,
            actor=responsable,
            name="foyers.csv",
            raw=VALID.encode(),
            period="2026-01",
        )
    assert queued == [str(caseload.pk)]
    assert caseload.status == Caseload.Status.QUEUED
    assert caseload.input_file.read().decode() == VALID
    assert (caseload.delete_after - caseload.created_at).days == 29  # 30 days, to the second
    entry = JournalEntry.objects.get(action="screening.fichier_depose")
    assert entry.organisation_id == organisation.pk and entry.data["periode"] == "2026-01"


def test_a_wrong_month_is_refused():
    organisation = OrganisationFactory()
    with pytest.raises(InvalidInput, match="AAAA-MM"):
        upload_caseload(
            organisation=organisation,
            actor=member(Role.RESPONSABLE, organisation=organisation),
            name="foyers.csv",
            raw=VALID.encode(),
            period="2026-13",
        )


def test_the_upload_page_shows_the_error_and_keeps_nothing(client, login_with_2fa):
    responsable = member(Role.RESPONSABLE)
    login_with_2fa(client, responsable)
    upload = SimpleUploadedFile("foyers.csv", b"nom,prenom\nDurand,Camille\n", content_type="text/csv")
    response = client.post("/droits/foyers/", {"file": upload, "period": "2026-01"})
    assert response.status_code == 200
    assert "Il manque des colonnes obligatoires" in response.content.decode()
    assert not Caseload.objects.exists()


@given(raw=st.binary(max_size=400), name=st.sampled_from(["f.csv", "f.parquet", "f.txt"]))
@settings(max_examples=200)
def test_any_bytes_are_either_accepted_or_refused_in_french(raw, name):
    try:
        checked = check_file(name=name, raw=(HEADER.encode() if name != "f.parquet" else b"") + raw)
    except InvalidInput as exc:
        assert exc.message
    else:
        assert checked.content.decode("utf-8") if checked.extension == ".csv" else checked.content
