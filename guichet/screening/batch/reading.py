"""Read a caseload file row by row (CSV or Parquet) and group contiguous rows into households.

Memory stays bounded: rows are read in streaming fashion and one household is held at a time here.
The rows of a household must follow each other (sort the file by household_id beforehand); a household
whose rows are split is read as two households (the part without « demandeur » is then reported invalid).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from guichet.screening.household import HOUSEHOLD_FIELDS, Household, household_from_fields, person_from_fields

PARQUET_BATCH_ROWS = 8192
MAX_HOUSEHOLD_ID = 100


@dataclass
class InvalidRow:
    line: int
    household_id: str
    reason: str


def file_format(path: Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    raise ValueError(f"{path} : extension inconnue, utilisez .csv ou .parquet.")


def count_rows(path: Path) -> int:
    """Number of data rows (CSV: lines after the header; cheap pre-pass for the progress bar)."""
    if file_format(path) == "parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    lines, last = 0, b"\n"
    with open(path, "rb") as handle:
        for buffer in iter(lambda: handle.read(1 << 20), b""):
            lines += buffer.count(b"\n")
            last = buffer[-1:]
    if last != b"\n":
        lines += 1
    return max(0, lines - 1)


def iter_rows(path: Path) -> Iterator[tuple[int, dict]]:
    """(line, fields) for each data row. CSV: the line number in the file (header = line 1);
    Parquet: the row number from 1. Field values are strings or None."""
    if file_format(path) == "parquet":
        import pyarrow.parquet as pq

        line = 0
        for batch in pq.ParquetFile(path).iter_batches(batch_size=PARQUET_BATCH_ROWS):
            for row in batch.to_pylist():
                line += 1
                yield line, row
        return
    with open(path, newline="", encoding="utf-8-sig") as handle:
        sample = handle.read(4096)
        handle.seek(0)
        delimiter = ";" if sample.split("\n", 1)[0].count(";") > sample.split("\n", 1)[0].count(",") else ","
        reader = csv.DictReader(handle, delimiter=delimiter)
        if reader.fieldnames is None or "household_id" not in [name.strip() for name in reader.fieldnames]:
            raise ValueError(
                "Le fichier doit avoir une ligne d'en-tête avec au moins la colonne household_id."
            )
        reader.fieldnames = [name.strip() for name in reader.fieldnames]
        for row in reader:
            yield reader.line_num, row


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def iter_households(rows) -> Iterator[tuple[str, Household | None, list[InvalidRow]]]:
    """(household_id, household or None, invalid rows) for each group of contiguous rows."""
    current_id = None
    group: list[tuple[int, dict]] = []
    for line, fields in rows:
        household_id = _text(fields.get("household_id"))
        if not household_id or len(household_id) > MAX_HOUSEHOLD_ID:
            if group:
                yield _household(current_id, group)
                group, current_id = [], None
            yield "", None, [InvalidRow(line, household_id[:MAX_HOUSEHOLD_ID], _no_id_reason(household_id))]
            continue
        if household_id != current_id and group:
            yield _household(current_id, group)
            group = []
        current_id = household_id
        group.append((line, fields))
    if group:
        yield _household(current_id, group)


def _no_id_reason(household_id: str) -> str:
    if household_id:
        return f"household_id : au plus {MAX_HOUSEHOLD_ID} caractères."
    return "household_id : l'identifiant du foyer est vide."


def _household(household_id: str, group: list[tuple[int, dict]]):
    invalid: list[InvalidRow] = []
    persons = []
    first_line = group[0][0]
    shared = {name: "" for name in HOUSEHOLD_FIELDS}
    shared_line = {}
    for line, fields in group:
        person, errors = person_from_fields(fields)
        if errors:
            invalid.append(InvalidRow(line, household_id, " ; ".join(errors)))
        else:
            persons.append(person)
        for name in HOUSEHOLD_FIELDS:
            value = _text(fields.get(name))
            if not value:
                continue
            if not shared[name]:
                shared[name], shared_line[name] = value, line
            elif value != shared[name]:
                invalid.append(
                    InvalidRow(
                        line, household_id, f"{name} : diffère de la ligne {shared_line[name]} du même foyer."
                    )
                )
    if invalid:
        return household_id, None, invalid
    household, errors = household_from_fields(shared, persons)
    if household is None:
        return household_id, None, [InvalidRow(first_line, household_id, " ; ".join(errors))]
    return household_id, household, []
