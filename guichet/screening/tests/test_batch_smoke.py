"""Smoke test of the command on a 10,000-row synthetic caseload (the 100,000-row one is in make bench:
bench/screening_smoke_100k.py)."""

import csv
from io import StringIO

from django.core.management import call_command

from guichet.screening.batch.synthetic import synthetic_rows, write_synthetic
from guichet.screening.benefits import CORE_BATCH_BENEFITS
from guichet.screening.tests.households import PERIOD


def test_ten_thousand_rows_through_the_command_on_two_workers(tmp_path, openfisca_system):
    households = 3400
    source = tmp_path / "cohorte.csv"
    rows = write_synthetic(source, households, seed=7)
    assert rows == sum(1 for _ in synthetic_rows(households, seed=7)) and rows >= 8000
    out = tmp_path / "resultats.csv"
    stdout = StringIO()
    call_command(
        "screen", str(source), "--out", str(out), "--period", PERIOD, "--benefits", ",".join(CORE_BATCH_BENEFITS),
        "--workers", "2", "--chunk-size", "1000", "--no-progress", stdout=stdout,
    )  # fmt: skip
    with open(out, newline="") as handle:
        results = list(csv.DictReader(handle))
    assert len(results) == households
    assert len({row["household_id"] for row in results}) == households
    assert any(float(row["total"]) > 0 for row in results)
    assert (tmp_path / "resultats.csv.errors.csv").read_text().splitlines() == ["ligne,household_id,raison"]
    assert f"{households} foyers calculés sur {households}" in stdout.getvalue()
