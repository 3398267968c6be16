"""The LaMednum « standard de la médiation numérique » v1.0.2, read from its own schema file.

The vocabularies (services, publics, frais…) are not typed here: they are the alternatives of each
field's `pattern` in `data/mednum-1.0.2.schema.json` (the official file, Licence Ouverte 2.0), read
at start. A row is checked field by field against the schema's constraints (required, pattern,
maxLength, number, date), lists split on `|` (the standard) or `;` (seen in published files), and every
problem is reported in French with the field's name; nothing is guessed.
"""

import datetime
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from guichet.core import spreadsheet
from guichet.places import communes

SCHEMA_FILE = Path(__file__).parent / "data" / "mednum-1.0.2.schema.json"
LIST_SEPARATORS = re.compile(r"\s*[|;]\s*")
# Fields holding several values (a `|` list in the standard).
LIST_FIELDS = (
    "typologie",
    "courriels",
    "site_web",
    "itinerance",
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "modalites_acces",
    "modalites_accompagnement",
)


@functools.cache
def schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@functools.cache
def fields() -> dict[str, dict]:
    return {f["name"]: f for f in schema()["fields"]}


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


@functools.cache
def vocabulary(name: str) -> tuple[str, ...]:
    """The values a list field accepts, as its pattern `(?:(?:^|\\|)(A|B|C))+$` lists them."""
    pattern = fields()[name].get("constraints", {}).get("pattern", "")
    match = re.search(r"\(\?:\^\|\\\|\)\((.*)\)\)\+\$$", pattern)
    if not match:
        return ()
    values, depth, current = [], 0, ""
    for char in match.group(1):
        if char == "(" and not current.endswith("\\"):
            depth += 1
        elif char == ")" and not current.endswith("\\"):
            depth -= 1
        if char == "|" and depth == 0:
            values.append(_unescape(current))
            current = ""
        else:
            current += char
    values.append(_unescape(current))
    return tuple(values)


@dataclass
class CheckedRow:
    values: dict = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (field, French reason)


def split_list(raw: str) -> list[str]:
    return [part for part in LIST_SEPARATORS.split(raw.strip()) if part] if raw and raw.strip() else []


def check_row(row: dict, *, not_required: tuple[str, ...] = ()) -> CheckedRow:
    """The row's values, typed (lists, numbers, dates), and what the schema refuses in it.

    `not_required`: fields another standard the row came from does not require (a data·inclusion
    structure may have no SIRET); their format is still checked when they are given."""
    checked = CheckedRow()
    for name, spec in fields().items():
        raw = row.get(name)
        raw = "" if raw is None else spreadsheet.unescape_cell(str(raw).strip())
        constraints = spec.get("constraints", {})
        if not raw:
            if constraints.get("required") and name not in not_required:
                checked.errors.append((name, _("champ obligatoire vide")))
            checked.values[name] = [] if name in LIST_FIELDS else None if spec.get("type") != "string" else ""
            continue
        if name in LIST_FIELDS:
            items = split_list(raw)
            allowed = vocabulary(name)
            unknown = [item for item in items if allowed and item not in allowed]
            if unknown:
                checked.errors.append(
                    (
                        name,
                        _("valeur hors du vocabulaire du standard : %s")
                        % ", ".join(f"« {u} »" for u in unknown),
                    )
                )
            checked.values[name] = items
            continue
        if spec.get("type") == "number":
            try:
                checked.values[name] = float(raw.replace(",", "."))
            except ValueError:
                checked.errors.append((name, _("« %s » n'est pas un nombre") % raw))
            continue
        if spec.get("type") == "date":
            try:
                checked.values[name] = datetime.date.fromisoformat(raw[:10])
            except ValueError:
                checked.errors.append((name, _("« %s » n'est pas une date AAAA-MM-JJ") % raw))
            continue
        pattern = constraints.get("pattern")
        if pattern and not re.search(pattern, raw):
            checked.errors.append(
                (name, _("« %(value)s » ne respecte pas le format attendu") % {"value": raw})
            )
        if constraints.get("maxLength") and len(raw) > constraints["maxLength"]:
            checked.errors.append((name, _("%d caractères au plus") % constraints["maxLength"]))
        checked.values[name] = raw
    insee, postal = checked.values.get("code_insee"), checked.values.get("code_postal")
    known = communes.by_code(insee) if insee else None
    if known is not None and postal and postal not in known.postal_codes:
        checked.errors.append(
            (
                "code_postal",
                _("le code postal %(postal)s n'est pas celui de la commune %(insee)s (%(name)s : %(codes)s)")
                % {
                    "postal": postal,
                    "insee": insee,
                    "name": known.nom,
                    "codes": ", ".join(known.postal_codes),
                },
            )
        )
    latitude, longitude = checked.values.get("latitude"), checked.values.get("longitude")
    if latitude is not None and not -90 <= latitude <= 90:
        checked.errors.append(("latitude", _("latitude hors de -90 à 90")))
    if longitude is not None and not -180 <= longitude <= 180:
        checked.errors.append(("longitude", _("longitude hors de -180 à 180")))
    return checked
