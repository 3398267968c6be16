"""The caseload batch: one row per household, equal to the per-household engine, invalid rows reported
with their line numbers while the others are computed, CSV and Parquet, local processes and Dask."""

import csv
import re

import pyarrow.parquet as pq
import pytest

from guichet.screening.batch import run_file
from guichet.screening.batch.synthetic import write_synthetic
from guichet.screening.benefits import CORE_BATCH_BENEFITS
from guichet.screening.engine import screen_household
from guichet.screening.tests.households import PERIOD, VARIED_HOUSEHOLDS

COLUMNS = "household_id,role,date_naissance,salaire_net_mensuel,chomage_net_mensuel,retraite_nette_mensuelle,aah_taux_incapacite,salaire_net_annuel_n1,etudiant,scolarite,depcom,loyer_mensuel,statut_occupation"
CODES = [*CORE_BATCH_BENEFITS, "css"]


def _write_households(path, households):
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS.split(","))
        for name, household in households.items():
            for person in household.persons:
                writer.writerow(
                    [name, person.role, person.date_naissance.isoformat(), person.salaire_net_mensuel,
                     person.chomage_net_mensuel, person.retraite_nette_mensuelle, person.aah_taux_incapacite,
                     "" if person.salaire_net_annuel_n1 is None else person.salaire_net_annuel_n1,
                     "oui" if person.etudiant else "", person.scolarite, household.depcom,
                     household.loyer_mensuel, household.statut_occupation]
                )  # fmt: skip


def _read(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


SAMPLE = dict(list(VARIED_HOUSEHOLDS.items())[:7])


@pytest.fixture(scope="module")
def sample_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("batch") / "foyers.csv"
    _write_households(path, SAMPLE)
    return path


@pytest.fixture(scope="module")
def local_output(sample_csv, openfisca_system):
    out = sample_csv.with_name("resultats.csv")
    report = run_file(sample_csv, out, period=PERIOD, benefits=CODES, chunk_size=3)
    return report, _read(out)


def test_batch_output_equals_the_per_household_results(local_output):
    report, rows = local_output
    assert report.households_ok == len(SAMPLE) and report.rows_invalid == 0
    assert [row["household_id"] for row in rows] == list(SAMPLE)
    for row in rows:
        result = screen_household(SAMPLE[row["household_id"]], period=PERIOD, benefits=CODES)
        for benefit in result.benefits:
            if benefit.code == "css":
                expected = (
                    ""
                    if not benefit.eligible
                    else ("gratuite" if "sans participation" in benefit.reasons[0] else "avec_participation")
                )
                assert row["css"] == expected
            else:
                assert row[benefit.code] == str(benefit.monthly_amount), (row["household_id"], benefit.code)
        assert row["total"] == str(result.total_monthly)


def test_two_worker_processes_give_the_same_file(sample_csv, local_output, openfisca_system):
    out = sample_csv.with_name("resultats-2.csv")
    run_file(sample_csv, out, period=PERIOD, benefits=CODES, workers=2, chunk_size=2)
    assert _read(out) == local_output[1]


def test_dask_on_a_local_cluster_gives_the_same_results_in_parquet(
    sample_csv, local_output, openfisca_system
):
    out = sample_csv.with_name("resultats-dask.parquet")
    report = run_file(sample_csv, out, period=PERIOD, benefits=CODES, engine="dask", workers=2, chunk_size=3)
    assert report.households_ok == len(SAMPLE)
    rows = pq.read_table(out).to_pylist()
    expected = local_output[1]
    assert [row["household_id"] for row in rows] == [row["household_id"] for row in expected]
    for row, reference in zip(rows, expected, strict=True):
        for code in [*CORE_BATCH_BENEFITS, "total"]:
            assert f"{row[code]:.2f}" == reference[code]
        assert row["css"] == reference["css"]


def test_invalid_rows_are_reported_with_their_line_and_the_others_computed(tmp_path, openfisca_system):
    path = tmp_path / "foyers.csv"
    path.write_text(
        "household_id,role,date_naissance,salaire_net_mensuel,depcom,loyer_mensuel,statut_occupation\n"
        "A,demandeur,1980-01-01,1200,75056,600,locataire_vide\n"
        "B,demandeur,1980-13-01,1200,75056,600,locataire_vide\n"
        "C,demandeur,1985-01-01,beaucoup,69123,500,locataire_vide\n"
        "C,enfant,2015-01-01,,69123,500,locataire_vide\n"
        ",demandeur,1980-01-01,0,75056,0,proprietaire\n"
        "D,enfant,2015-01-01,0,75056,0,proprietaire\n"
        "E,demandeur,1990-01-01,0,13055,400,locataire_meuble\n"
        "E,conjoint,1990-01-01,0,13056,400,locataire_meuble\n"
        "F,demandeur,1990-01-01,0,2A004,400,locataire_vide\n"
    )
    out = tmp_path / "resultats.csv"
    report = run_file(path, out, period=PERIOD, benefits=["rsa", "aides_logement"])
    assert [row["household_id"] for row in _read(out)] == ["A", "F"]
    errors = _read(report.errors_path)
    by_line = {int(row["ligne"]): row for row in errors}
    assert set(by_line) == {3, 4, 6, 7, 9}
    assert "date_naissance" in by_line[3]["raison"]
    assert by_line[4]["household_id"] == "C" and "salaire_net_mensuel" in by_line[4]["raison"]
    assert "identifiant du foyer est vide" in by_line[6]["raison"]
    assert "demandeur" in by_line[7]["raison"]
    assert "depcom" in by_line[9]["raison"] and "ligne 8" in by_line[9]["raison"]
    assert report.households_ok == 2 and report.rows_invalid == 5


def test_a_synthetic_caseload_in_parquet_is_screened_in_several_chunks(tmp_path, openfisca_system):
    source = tmp_path / "cohorte.parquet"
    rows = write_synthetic(source, 300, seed=3)
    out = tmp_path / "resultats.parquet"
    seen = []
    report = run_file(source, out, period=PERIOD, benefits=list(CORE_BATCH_BENEFITS), chunk_size=100,
                      progress=lambda done, total: seen.append((done, total)))  # fmt: skip
    table = pq.read_table(out)
    assert table.num_rows == report.households_ok == 300
    assert table.column_names == ["household_id", *CORE_BATCH_BENEFITS, "total"]
    assert seen[-1] == (rows, rows)


def test_a_csv_saved_by_excel_in_windows_1252_is_read_as_the_upload_reads_it(tmp_path, openfisca_system):
    text = "household_id;role;date_naissance;depcom\nÉlodie;demandeur;1990-01-01;75056\n"
    utf8, cp1252 = tmp_path / "utf8.csv", tmp_path / "excel.csv"
    utf8.write_bytes(text.encode("utf-8"))
    cp1252.write_bytes(text.encode("cp1252"))
    run_file(utf8, tmp_path / "a.csv", period=PERIOD, benefits=["rsa"])
    run_file(cp1252, tmp_path / "b.csv", period=PERIOD, benefits=["rsa"])
    assert (tmp_path / "b.csv").read_text(encoding="utf-8") == (tmp_path / "a.csv").read_text(
        encoding="utf-8"
    )
    assert (tmp_path / "b.csv").read_text(encoding="utf-8").splitlines()[1].startswith("Élodie,")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("household_id,role\nA,demandeur\n".encode("utf-16"), "caractères binaires (ou il est en UTF-16)"),
        (b"household_id,role\nA,demandeur\n\x81\x8d\x90\n", "ni en UTF-8 ni en Windows-1252"),
    ],
)
def test_a_file_in_another_encoding_is_refused_in_french_before_anything_is_computed(
    tmp_path, content, message
):
    source = tmp_path / "foyers.csv"
    source.write_bytes(content)
    with pytest.raises(ValueError, match=re.escape(message)):
        run_file(source, tmp_path / "r.csv", period=PERIOD, benefits=["rsa"])
    assert not (tmp_path / "r.csv").exists()
