"""Smoke run of `manage.py screen` on a 100,000-row synthetic caseload (kept out of make test: it takes
more than two minutes on the shared 2-core machine). Fails when a household is missing from the output."""

import csv
import subprocess
import sys
import time

from _common import PERIOD, ROOT, WORK, setup_django

setup_django()

from guichet.screening.batch.synthetic import write_synthetic  # noqa: E402


def main():
    WORK.mkdir(parents=True, exist_ok=True)
    source = WORK / "smoke-100k.csv"
    households = 34000
    rows = write_synthetic(source, households, seed=11)
    out = WORK / "smoke-100k.out.csv"
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "manage.py", "screen", str(source), "--out", str(out), "--period", PERIOD,
         "--benefits", "rsa,ppa,aides_logement,af,aah", "--workers", "2", "--no-progress"],
        cwd=ROOT, check=True,
    )  # fmt: skip
    seconds = time.monotonic() - started
    with open(out, newline="") as handle:
        count = sum(1 for _ in csv.DictReader(handle))
    if count != households:
        sys.exit(f"{count} foyers en sortie au lieu de {households}")
    print(f"{rows} lignes, {households} foyers, {seconds:.1f} s, {households / seconds:.0f} foyers/s")


if __name__ == "__main__":
    main()
