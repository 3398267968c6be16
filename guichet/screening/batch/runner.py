"""Run a caseload file through the engine, chunk by chunk, locally (1..N processes) or on Dask.

Peak memory is bounded by the chunk size (one vectorised OpenFisca simulation per chunk, at most
`workers + 1` chunks in flight), never by the input size: input and output are streamed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from guichet.core import spreadsheet
from guichet.screening.batch.executors import make_executor
from guichet.screening.batch.reading import count_rows, iter_raw_chunks
from guichet.screening.batch.writing import ResultWriter
from guichet.screening.benefits import BENEFITS
from guichet.screening.engine.situation import default_period


@dataclass
class BatchReport:
    households_total: int
    households_ok: int
    rows_invalid: int
    errors_path: Path
    seconds: float


def errors_path_for(output_path: Path) -> Path:
    output_path = Path(output_path)
    return output_path.with_name(output_path.name + ".errors.csv")


def run_file(
    input_path,
    output_path,
    *,
    period: str | None = None,
    benefits: Sequence[str] | None = None,
    engine: str = "local",
    workers: int = 1,
    chunk_size: int = 10000,
    progress: Callable[[int, int], None] | None = None,
    scheduler: str | None = None,
) -> BatchReport:
    """Screen every household of `input_path` into `output_path` (CSV or Parquet by extension).

    `progress(rows_done, rows_total)` is called after each chunk. Invalid rows go to
    OUTPUT.errors.csv (ligne, household_id, raison) and the other households are computed.
    """
    started = time.monotonic()
    input_path, output_path = Path(input_path), Path(output_path)
    period = period or default_period()
    codes = list(BENEFITS) if benefits is None else list(benefits)
    unknown = [code for code in codes if code not in BENEFITS]
    if unknown:
        raise ValueError(f"Prestation inconnue : {', '.join(unknown)}.")
    if chunk_size < 1 or workers < 1:
        raise ValueError("--chunk-size et --workers doivent être au moins 1.")
    rows_total = count_rows(input_path) if progress else 0
    errors_path = errors_path_for(output_path)
    stats = {"invalid_rows": 0, "invalid_households": 0, "ok": 0, "rows": 0}
    # This process only reads and cuts the file; the workers parse and compute each chunk, and what they
    # send back is written here in the file's order (results, then the chunk's invalid rows). A file in an
    # unreadable encoding is refused here, before any output file is created.
    chunks = iter_raw_chunks(input_path, chunk_size)
    with open(errors_path, "w", newline="", encoding="utf-8") as errors_file:
        errors = spreadsheet.writer(errors_file)
        errors.writerow(["ligne", "household_id", "raison"])
        with (
            ResultWriter(output_path, codes) as writer,
            make_executor(engine, workers, scheduler) as executor,
        ):
            for outcome in executor.map_chunks(chunks, period, codes):
                if outcome.ids:
                    writer.write(outcome.ids, outcome.results)
                errors.writerows([row.line, row.household_id, row.reason] for row in outcome.invalid_rows)
                stats["ok"] += len(outcome.ids)
                stats["invalid_households"] += outcome.invalid_households
                stats["invalid_rows"] += len(outcome.invalid_rows)
                stats["rows"] += outcome.rows
                if progress:
                    progress(stats["rows"], rows_total)
        if progress:
            progress(stats["rows"], rows_total)
    return BatchReport(
        households_total=stats["ok"] + stats["invalid_households"],
        households_ok=stats["ok"],
        rows_invalid=stats["invalid_rows"],
        errors_path=errors_path,
        seconds=time.monotonic() - started,
    )
