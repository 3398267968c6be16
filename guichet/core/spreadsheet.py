"""One spreadsheet-safe CSV writer for every CSV file Guichet writes (CSV injection, OWASP).

A spreadsheet reads a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a formula:
`=HYPERLINK(…)` typed as a household's identifier, a person's name or a message would run in the
responsable's spreadsheet. Such a cell gets a leading apostrophe, which spreadsheets show as text and
hide; the value is otherwise kept whole. Numbers written as numbers are left alone.
"""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_cells(values) -> list:
    return [safe_cell(value) for value in values]


class SafeWriter:
    """csv.writer's interface (writerow, writerows); every text cell goes through safe_cell, except
    the `raw_columns` (indexes) whose values a standard fixes and a spreadsheet reads as numbers (a
    phone number « +33… » of an open-data standard)."""

    def __init__(self, stream, raw_columns=(), **options):
        self._writer = csv.writer(stream, **options)
        self._raw = set(raw_columns)

    def writerow(self, row):
        return self._writer.writerow(
            [value if index in self._raw else safe_cell(value) for index, value in enumerate(row)]
        )

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(stream, raw_columns=(), **options) -> SafeWriter:
    return SafeWriter(stream, raw_columns=raw_columns, **options)


def unescape_cell(value: str) -> str:
    """What `safe_cell` escaped, back as it was (reading a file Guichet or a spreadsheet exported)."""
    if (
        isinstance(value, str)
        and value.startswith("'")
        and value[1:2]
        and value[1:].startswith(FORMULA_STARTS)
    ):
        return value[1:]
    return value
