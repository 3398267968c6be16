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
    """csv.writer's interface (writerow, writerows); every text cell goes through safe_cell."""

    def __init__(self, stream, **options):
        self._writer = csv.writer(stream, **options)

    def writerow(self, row):
        return self._writer.writerow(safe_cells(row))

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(stream, **options) -> SafeWriter:
    return SafeWriter(stream, **options)
