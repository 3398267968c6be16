"""Read a caseload file (CSV or Parquet), cut it into chunks of whole households, parse households.

The parent process only reads and cuts (`iter_raw_chunks`): a chunk is the raw rows of `chunk_size`
households, cut where a household ends; the worker that computes a chunk parses it (`parse_chunk`), so
the parent's CPU is left to reading and writing. Memory stays bounded by the chunk size.
The rows of a household must follow each other (sort the file by household_id beforehand); a household
whose rows are split is read as two households (the part without « demandeur » is then reported invalid).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
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
    yield from _csv_rows(path)


def csv_encoding(path: Path) -> str:
    """ "utf-8-sig" for UTF-8 (with or without BOM), "cp1252" for a CSV saved by Excel in Windows-1252,
    as the web upload accepts them (services.caseload); a clear French error for anything else. One
    streaming pass over the bytes, before any row is read, so that no chunk is computed from a file that
    turns out unreadable further down."""
    import codecs

    decoders = {name: codecs.getincrementaldecoder(name)() for name in ("utf-8-sig", "cp1252")}
    with open(path, "rb") as handle:
        for buffer in iter(lambda: handle.read(1 << 20), b""):
            if b"\x00" in buffer:
                raise ValueError(
                    f"{path} : le fichier contient des caractères binaires (ou il est en UTF-16) : ce n'est pas "
                    "un fichier CSV en UTF-8. Dans votre tableur, choisissez « Enregistrer sous », format "
                    "« CSV UTF-8 »."
                )
            for name, decoder in list(decoders.items()):
                try:
                    decoder.decode(buffer)
                except UnicodeDecodeError:
                    del decoders[name]
            if not decoders:
                break
    for name, decoder in list(decoders.items()):
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            del decoders[name]
    if "utf-8-sig" in decoders:
        return "utf-8-sig"
    if "cp1252" in decoders:
        return "cp1252"
    raise ValueError(
        f"{path} : ce fichier n'est ni en UTF-8 ni en Windows-1252. Dans votre tableur, choisissez "
        "« Enregistrer sous », format « CSV UTF-8 »."
    )


def _csv_rows(path: Path, encoding: str | None = None) -> Iterator[tuple[int, dict]]:
    with open(path, newline="", encoding=encoding or csv_encoding(path)) as handle:
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


class _GroupStarts:
    """Row after row, whether a row begins a new group of `iter_households`: its household_id differs
    from the previous row's, or the previous row's was unusable; a row whose household_id is unusable
    (empty, too long) is a group of its own."""

    def __init__(self):
        self._raw = object()  # no value read is of this class
        self._current = None  # the household_id of the group under way, None after an unusable one

    def __call__(self, raw) -> bool:
        if self._current is not None and raw.__class__ is self._raw.__class__ and raw == self._raw:
            return False  # the same value as the row before: the same household (most rows)
        self._raw = raw
        household_id = _text(raw)
        if not household_id or len(household_id) > MAX_HOUSEHOLD_ID:
            self._current = None
            return True
        starts = household_id != self._current
        self._current = household_id
        return starts


class CsvChunk:
    """Raw rows of whole households from a CSV file: (line in the file, fields as csv.DictReader reads
    them). Not a list, so that Dask does not walk through every row looking for futures."""

    def __init__(self, rows: list[tuple[int, dict]]):
        self.rows = rows
        self.row_count = len(rows)

    def iter_rows(self) -> Iterator[tuple[int, dict]]:
        return iter(self.rows)


class ParquetChunk:
    """Raw rows of whole households from a Parquet file: record batches (slices of the file's) and the
    row number of their first row. Pickled as an Arrow IPC stream, which holds only the slices' own
    bytes (a pickled slice carries the whole buffers of the batch it was cut from)."""

    def __init__(self, batches: list, first_line: int):
        self.batches = batches
        self.first_line = first_line
        self.row_count = sum(batch.num_rows for batch in batches)

    def iter_rows(self) -> Iterator[tuple[int, dict]]:
        line = self.first_line
        for batch in self.batches:
            for fields in batch.to_pylist():
                yield line, fields
                line += 1

    def __reduce__(self):
        import pyarrow as pa
        import pyarrow.ipc

        sink = pa.BufferOutputStream()
        with pyarrow.ipc.new_stream(sink, self.batches[0].schema) as stream:
            for batch in self.batches:
                stream.write_batch(batch)
        return _parquet_chunk_from_ipc, (sink.getvalue().to_pybytes(), self.first_line)


def _parquet_chunk_from_ipc(data: bytes, first_line: int) -> ParquetChunk:
    import pyarrow.ipc

    return ParquetChunk(pyarrow.ipc.open_stream(data).read_all().to_batches(), first_line)


def iter_raw_chunks(path: Path, chunk_size: int) -> Iterator[CsvChunk | ParquetChunk]:
    """The file's rows, unparsed, in chunks of `chunk_size` groups of rows as `iter_households` groups
    them (households, and rows with an unusable household_id); a chunk never ends inside a group, so
    parsing the chunks one by one gives what parsing the whole file gives. A CSV's encoding is checked
    here, at the call, before the first chunk is asked for (ValueError with a French message)."""
    if file_format(path) == "parquet":
        return _parquet_chunks(path, chunk_size, _GroupStarts())
    return _csv_chunks(path, chunk_size, csv_encoding(path))


def _csv_chunks(path: Path, chunk_size: int, encoding: str) -> Iterator[CsvChunk]:
    starts = _GroupStarts()
    rows, groups = [], 0
    for line, fields in _csv_rows(path, encoding):
        if starts(fields.get("household_id")):
            if groups == chunk_size:
                yield CsvChunk(rows)
                rows, groups = [], 0
            groups += 1
        rows.append((line, fields))
    if rows:
        yield CsvChunk(rows)


def _parquet_chunks(path: Path, chunk_size: int, starts: _GroupStarts) -> Iterator[ParquetChunk]:
    import pyarrow.parquet as pq

    batches, groups, first_line, rows_before = [], 0, 1, 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=PARQUET_BATCH_ROWS):
        # The last column of that name is the one batch.to_pylist() keeps in each row's dict.
        columns = batch.schema.get_all_field_indices("household_id")
        ids = batch.column(columns[-1]).to_pylist() if columns else [None] * batch.num_rows
        start = 0
        for index, raw in enumerate(ids):
            if starts(raw):
                if groups == chunk_size:
                    if index > start:
                        batches.append(batch.slice(start, index - start))
                    yield ParquetChunk(batches, first_line)
                    batches, groups, start, first_line = [], 0, index, rows_before + index + 1
                groups += 1
        if start < batch.num_rows:
            batches.append(batch.slice(start))
        rows_before += batch.num_rows
    if batches:
        yield ParquetChunk(batches, first_line)


@dataclass
class ParsedChunk:
    ids: list[str] = field(default_factory=list)
    households: list[Household] = field(default_factory=list)
    invalid_rows: list[InvalidRow] = field(default_factory=list)
    invalid_households: int = 0


def parse_chunk(chunk: CsvChunk | ParquetChunk) -> ParsedChunk:
    """The households of a raw chunk (in the worker), and its invalid rows in the file's order."""
    parsed = ParsedChunk()
    for household_id, household, invalid in iter_households(chunk.iter_rows()):
        if household is None:
            parsed.invalid_households += 1
            parsed.invalid_rows.extend(invalid)
        else:
            parsed.ids.append(household_id)
            parsed.households.append(household)
    return parsed
