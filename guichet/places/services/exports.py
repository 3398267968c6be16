"""Export places in the LaMednum standard (CSV and JSON), exactly as they re-import.

Columns in the schema's order, lists joined with `|`, dates ISO, the place's id in its source as `id`.
Export → import → export gives the same file (a property test checks it).
"""

import csv
import io
import json

from guichet.core import spreadsheet
from guichet.places import inclusion, schema
from guichet.places.services.imports import RENAMED


def _number(value) -> str:
    if value is None:
        return ""
    return repr(float(value)).removesuffix(".0") if float(value).is_integer() else repr(float(value))


def as_row(place) -> dict[str, str]:
    row = {}
    for name, spec in schema.fields().items():
        value = getattr(place, RENAMED.get(name, name), "")
        if name in schema.LIST_FIELDS:
            row[name] = "|".join(value or [])
        elif spec.get("type") == "number":
            row[name] = _number(value)
        elif spec.get("type") == "date":
            row[name] = value.isoformat() if value else ""
        else:
            row[name] = value or ""
    return row


# Values a spreadsheet reads as numbers, never as formulas: the standard's phone numbers start with +.
NOT_ESCAPED = {"telephone", "latitude", "longitude"}


def to_csv(places) -> str:
    """The places as a CSV file of the standard; a text starting like a formula gets the leading
    apostrophe of `core.spreadsheet` (the import removes it back: the round trip stays identical)."""
    out = io.StringIO()
    names = list(schema.fields())
    raw = [index for index, name in enumerate(names) if name in NOT_ESCAPED]
    writer = spreadsheet.writer(out, raw_columns=raw, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(names)
    for place in places:
        row = as_row(place)
        writer.writerow([row[name] for name in names])
    return out.getvalue()


def to_json(places) -> str:
    return json.dumps([as_row(place) for place in places], ensure_ascii=False, indent=1)


def to_inclusion_json(places) -> str:
    """The places as data·inclusion v1 structures (each validated by the schema's model)."""
    return json.dumps([inclusion.as_structure(place) for place in places], ensure_ascii=False, indent=1)


INCLUSION_COLUMNS = (
    "source",
    "id",
    "nom",
    "date_maj",
    "description",
    "siret",
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "longitude",
    "latitude",
    "telephone",
    "courriel",
    "site_web",
    "horaires_accueil",
    "accessibilite_lieu",
)


def to_inclusion_csv(places) -> str:
    """The places as a CSV of data·inclusion v1 structures (each validated by the schema's model)."""
    out = io.StringIO()
    raw = [INCLUSION_COLUMNS.index(name) for name in ("telephone", "latitude", "longitude")]
    writer = spreadsheet.writer(out, raw_columns=raw, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(INCLUSION_COLUMNS)
    for place in places:
        structure = inclusion.as_structure(place)
        writer.writerow(
            ["" if structure.get(name) is None else str(structure[name]) for name in INCLUSION_COLUMNS]
        )
    return out.getvalue()
