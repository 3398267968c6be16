"""The parent process only cuts the file into raw chunks of whole households; workers parse them.

Parsing the chunks one by one must give exactly what parsing the whole file gives (households, invalid
rows and their line numbers), whatever the chunk size and however Parquet cuts the file into record
batches; the errors file keeps the file's order; the parent never parses a row."""

import csv
import os
import pickle
from unittest import mock

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guichet.screening.batch import executors, reading, run_file
from guichet.screening.batch.reading import iter_households, iter_raw_chunks, iter_rows, parse_chunk
from guichet.screening.tests.households import PERIOD

COLUMNS = ["household_id", "role", "date_naissance", "salaire_net_mensuel", "depcom", "loyer_mensuel"]
IDS = ["A", " A", "A ", "B", "", "  ", "X" * 101, "C", "D"]
ROLES = ["demandeur", "demandeur", "enfant", "conjoint", "pilote"]


def _rows(spec):
    """Rows from (household_id, role, depcom) triples; the other fields are valid."""
    return [
        {"household_id": household_id, "role": role, "date_naissance": "1980-01-01",
         "salaire_net_mensuel": "1000", "depcom": depcom, "loyer_mensuel": "500"}
        for household_id, role, depcom in spec
    ]  # fmt: skip


def _write(path, rows):
    if path.suffix == ".csv":
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
    else:
        pq.write_table(pa.table({name: [row[name] for row in rows] for name in COLUMNS}), path)
    return path


def _whole(path):
    """What the file gives parsed in one go: (ids, households, invalid rows, invalid households)."""
    ids, households, invalid_rows, invalid_households = [], [], [], 0
    for household_id, household, invalid in iter_households(iter_rows(path)):
        if household is None:
            invalid_households += 1
            invalid_rows.extend(invalid)
        else:
            ids.append(household_id)
            households.append(household)
    return ids, households, invalid_rows, invalid_households


def _by_chunks(path, chunk_size):
    """The same, parsed chunk by chunk after a pickle round trip (what a worker receives)."""
    ids, households, invalid_rows, invalid_households, groups = [], [], [], 0, []
    for chunk in iter_raw_chunks(path, chunk_size):
        received = pickle.loads(pickle.dumps(chunk))
        assert received.row_count == chunk.row_count
        groups.append(sum(1 for _ in iter_households(received.iter_rows())))
        parsed = parse_chunk(received)
        ids += parsed.ids
        households += parsed.households
        invalid_rows += parsed.invalid_rows
        invalid_households += parsed.invalid_households
    return (ids, households, invalid_rows, invalid_households), groups


rows_strategy = st.lists(
    st.tuples(st.sampled_from(IDS), st.sampled_from(ROLES), st.sampled_from(["75056", "69123"])),
    max_size=40,
)


@settings(max_examples=60, deadline=None)
@given(spec=rows_strategy, chunk_size=st.integers(1, 5), batch_rows=st.integers(1, 7))
@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_parsing_chunk_by_chunk_gives_what_parsing_the_whole_file_gives(
    tmp_path_factory, suffix, spec, chunk_size, batch_rows
):
    path = _write(tmp_path_factory.mktemp("chunks") / f"foyers{suffix}", _rows(spec))
    with mock.patch.object(reading, "PARQUET_BATCH_ROWS", batch_rows):
        whole = _whole(path)
        chunked, groups = _by_chunks(path, chunk_size)
    assert chunked == whole
    assert all(count == chunk_size for count in groups[:-1]) and all(
        0 < count <= chunk_size for count in groups
    )


def test_a_household_across_record_batches_stays_in_one_chunk_with_its_line_numbers(tmp_path):
    spec = [("A", "demandeur", "75056"), ("A", "enfant", "75056"), ("A", "enfant", "75056"),
            ("B", "demandeur", "75056"), ("B", "pilote", "75056"),
            ("", "demandeur", "75056"), ("C", "demandeur", "75056"), ("C", "conjoint", "13055")]  # fmt: skip
    path = _write(tmp_path / "foyers.parquet", _rows(spec))
    with mock.patch.object(reading, "PARQUET_BATCH_ROWS", 2):  # A is cut by two record batches
        chunks = [pickle.loads(pickle.dumps(chunk)) for chunk in iter_raw_chunks(path, 1)]
    assert [[line for line, _ in chunk.iter_rows()] for chunk in chunks] == [[1, 2, 3], [4, 5], [6], [7, 8]]
    parsed = [parse_chunk(chunk) for chunk in chunks]
    assert [p.ids for p in parsed] == [["A"], [], [], []]
    assert [(row.line, row.household_id) for p in parsed for row in p.invalid_rows] == [
        (5, "B"), (6, ""), (8, "C")
    ]  # fmt: skip
    assert "role" in parsed[1].invalid_rows[0].reason and "depcom" in parsed[3].invalid_rows[0].reason


def test_a_pickled_parquet_chunk_carries_its_own_rows_not_the_whole_record_batch(tmp_path):
    spec = [(f"F{index:05d}", "demandeur", "75056") for index in range(8000)]
    path = _write(tmp_path / "foyers.parquet", _rows(spec))
    first = next(iter_raw_chunks(path, 10))
    assert first.row_count == 10
    whole_batch = len(pickle.dumps(next(pq.ParquetFile(path).iter_batches(batch_size=8192))))
    assert len(pickle.dumps(first)) < whole_batch / 50


def test_a_csv_chunk_keeps_the_physical_line_numbers(tmp_path):
    path = tmp_path / "foyers.csv"
    path.write_text(
        "household_id,role,date_naissance,depcom\n"
        'A,demandeur,1980-01-01,"75\n056"\n'  # a quoted field over two lines
        "\n"  # a blank line, skipped by the reader
        "B,demandeur,1980-01-01,75056\n"
        "B,enfant,2015-01-01,75056\n"
    )
    chunks = list(iter_raw_chunks(path, 1))
    assert [[line for line, _ in chunk.iter_rows()] for chunk in chunks] == [[3], [5, 6]]
    assert [row.line for row in parse_chunk(chunks[0]).invalid_rows] == [3]


MESSY = [("A", "demandeur", "75056"), ("A", "enfant", "75056"), ("B", "pilote", "75056"),
         ("", "demandeur", "75056"), ("C", "demandeur", "75056"), ("X" * 101, "demandeur", "75056"),
         ("D", "demandeur", "75056"), ("D", "conjoint", "69123"), ("E", "enfant", "75056"),
         ("F", "demandeur", "13055"), ("A", "demandeur", "75056")]  # fmt: skip
MESSY_ERRORS = [(3, "B"), (4, ""), (6, "X" * 100), (8, "D"), (9, "E")]  # Parquet: row numbers from 1


@pytest.mark.parametrize(
    "suffix,engine,workers,chunk_size",
    [
        (suffix, "local", workers, size)
        for suffix in (".csv", ".parquet")
        for workers, size in ((1, 10000), (1, 1), (2, 2))
    ]
    + [(".parquet", "dask", 2, 2)],
)
def test_invalid_rows_parsed_in_workers_are_reported_in_the_file_order(
    tmp_path, openfisca_system, suffix, engine, workers, chunk_size
):
    path = _write(tmp_path / f"foyers{suffix}", _rows(MESSY))
    out = tmp_path / "resultats.csv"
    with mock.patch.object(reading, "PARQUET_BATCH_ROWS", 3):
        report = run_file(
            path, out, period=PERIOD, benefits=["rsa"], engine=engine, workers=workers, chunk_size=chunk_size
        )
    with open(out, newline="") as handle:
        assert [row["household_id"] for row in csv.DictReader(handle)] == ["A", "C", "F", "A"]
    with open(report.errors_path, newline="") as handle:
        errors = list(csv.reader(handle))
    assert errors[0] == ["ligne", "household_id", "raison"]
    header = 1 if suffix == ".csv" else 0  # CSV: line numbers in the file, after the header line
    assert [(int(row[0]), row[1]) for row in errors[1:]] == [
        (line + header, id_) for line, id_ in MESSY_ERRORS
    ]
    assert (report.households_ok, report.rows_invalid, report.households_total) == (4, 5, 9)


def test_the_parent_process_does_not_parse_rows(tmp_path, openfisca_system, monkeypatch):
    path = _write(tmp_path / "foyers.parquet", _rows(MESSY))
    parsers = tmp_path / "parsers.txt"
    person_from_fields = reading.person_from_fields

    def recording(fields, **kwargs):
        with open(parsers, "a") as handle:
            handle.write(f"{os.getpid()}\n")
        return person_from_fields(fields, **kwargs)

    monkeypatch.setattr(reading, "person_from_fields", recording)
    run_file(path, tmp_path / "resultats.csv", period=PERIOD, benefits=["rsa"], workers=2, chunk_size=2)
    pids = set(parsers.read_text().split())
    assert pids and str(os.getpid()) not in pids


def _count_rows_only(chunk, period, codes, plan=None):
    return executors.ChunkOutcome([], {}, [], 0, chunk.row_count)


@pytest.mark.parametrize("workers", [1, 2])
def test_at_most_workers_plus_one_chunks_are_in_flight(tmp_path, openfisca_system, monkeypatch, workers):
    path = _write(tmp_path / "foyers.csv", _rows([(f"F{i}", "demandeur", "75056") for i in range(12)]))

    monkeypatch.setattr(executors, "screen_raw_chunk", _count_rows_only)
    read = []

    def counted():
        for chunk in iter_raw_chunks(path, 1):
            read.append(chunk)
            yield chunk

    in_flight = []
    with executors.make_executor("local", workers) as executor:
        for done, _outcome in enumerate(executor.map_chunks(counted(), PERIOD, ["rsa"]), start=1):
            in_flight.append(len(read) - done + 1)
    assert len(in_flight) == 12 and max(in_flight) <= workers + 1


def _worker_state():
    import dask

    from guichet.screening.engine import system

    return system._system is not None, dask.config.get("distributed.worker.profile.enabled")


def test_the_workers_of_a_local_dask_cluster_start_with_the_system_loaded_and_no_profiler():
    with executors.make_executor("dask", 2) as executor:
        assert list(executor.client.run(_worker_state).values()) == [(True, False), (True, False)]
