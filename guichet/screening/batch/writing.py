"""Write households' results as they come (CSV or Parquet by extension), one row per household."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from guichet.core.spreadsheet import safe_cells
from guichet.screening.batch.reading import file_format

CSS_VALUES = {0: "", 1: "gratuite", 2: "avec_participation"}


def output_columns(codes) -> list[str]:
    return ["household_id", *codes, "total"]


class ResultWriter:
    def __init__(self, path: Path, codes):
        self.path = Path(path)
        self.codes = list(codes)
        self.format = file_format(self.path)
        self._file = self._csv = self._parquet = None

    def __enter__(self):
        if self.format == "csv":
            self._file = open(self.path, "w", newline="", encoding="utf-8")
            self._csv = csv.writer(self._file)
            self._csv.writerow(output_columns(self.codes))
        return self

    def write(self, ids, results: dict[str, np.ndarray]) -> None:
        """`results`: code -> array (euros, or css codes 0/1/2), plus "total"."""
        columns = {"household_id": ids}
        for code in [*self.codes, "total"]:
            values = results[code]
            if code == "css":
                columns[code] = [CSS_VALUES[int(v)] for v in values]
            else:
                columns[code] = values
        if self.format == "csv":
            # Amounts are ours; the identifier is the file's own and may look like a formula.
            formatted = [safe_cells(columns["household_id"])]
            for code in [*self.codes, "total"]:
                if code == "css":
                    formatted.append(columns[code])
                else:
                    formatted.append([f"{v:.2f}" for v in columns[code]])
            self._csv.writerows(zip(*formatted, strict=True))
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.table(
            {
                name: (
                    pa.array(values, type=pa.string())
                    if name in ("household_id", "css")
                    else pa.array(np.asarray(values, dtype=np.float64))
                )
                for name, values in columns.items()
            }
        )
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self.path, table.schema)
        self._parquet.write_table(table)

    def __exit__(self, *exc):
        if self._file is not None:
            self._file.close()
        if self.format == "parquet":
            if self._parquet is None:  # no household at all: still an empty file with the columns
                import pyarrow as pa
                import pyarrow.parquet as pq

                schema = pa.schema(
                    [(name, pa.string() if name in ("household_id", "css") else pa.float64())
                     for name in output_columns(self.codes)]
                )  # fmt: skip
                pq.ParquetWriter(self.path, schema).close()
            else:
                self._parquet.close()
        return False
