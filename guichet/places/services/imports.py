"""Import places from a file in the LaMednum standard (CSV or JSON): check every row, keep the good ones.

Rows are checked against the standard's own schema (places/schema.py) and their opening hours with a
real OSM parser; a refused row is listed with its line, field and a French reason, the others are
imported. Upsert by source + id: importing the same file twice changes nothing. The whole file goes in
one transaction: a server stopped mid-way leaves the directory as it was.
"""

import csv
import io
import json
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from guichet.core.exceptions import InvalidInput
from guichet.places import hours, schema
from guichet.places.models import OpeningInterval, Place

MAX_BYTES = 50 * 1024 * 1024
# The standard's field → the model's (its `id` is our id in the source, its `source` a declared origin).
RENAMED = {"id": "source_id", "source": "source_mednum"}
NOT_STORED = {"code_insee_commune"}


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # (line, field, French reason)
    dry_run: bool = False

    @property
    def rejected_rows(self) -> int:
        return len({line for line, _field, _reason in self.rejected})


def read_rows(data: bytes, filename: str = "") -> list[tuple[int, dict]]:
    """(line number as a spreadsheet shows it, row) of a CSV (`,` or `;`, UTF-8 or Windows-1252) or a
    JSON list; a French error for anything else."""
    if len(data) > MAX_BYTES:
        raise InvalidInput(
            _("Le fichier pèse %(size)d Mo : la limite est de %(max)d Mo. Découpez-le en plusieurs fichiers.")
            % {"size": len(data) // (1024 * 1024), "max": MAX_BYTES // (1024 * 1024)}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    stripped = text.lstrip()
    if filename.lower().endswith(".json") or stripped.startswith(("[", "{")):
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInput(
                _("Le fichier JSON est illisible (ligne %d) : vérifiez-le.") % exc.lineno
            ) from exc
        if not isinstance(parsed, list) or not all(isinstance(item, dict) for item in parsed):
            raise InvalidInput(_("Le fichier JSON doit contenir une liste de lieux : [ {…}, {…} ]."))
        return [(index + 1, item) for index, item in enumerate(parsed)]
    if not stripped:
        raise InvalidInput(_("Le fichier est vide."))
    first_line = stripped.splitlines()[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    missing = {"id", "nom"} - set(reader.fieldnames or [])
    if missing:
        raise InvalidInput(
            _("Ce fichier n'a pas les colonnes du standard de la médiation numérique (il manque : %s).")
            % ", ".join(sorted(missing))
        )
    return [(index + 2, row) for index, row in enumerate(reader)]


def _model_values(checked: dict) -> dict:
    values = {}
    for name, value in checked.items():
        if name in NOT_STORED:
            continue
        if value is None and name not in ("latitude", "longitude"):
            value = ""
        values[RENAMED.get(name, name)] = value
    values["services_text"] = as_text(values.get("services") or [])
    values["supports_text"] = as_text(values.get("prise_en_charge_specifique") or [])
    return values


def as_text(values: list[str]) -> str:
    return "|" + "|".join(values) + "|" if values else ""


def save_intervals(place: Place, intervals) -> None:
    place.intervals.all().delete()
    OpeningInterval.objects.bulk_create(
        OpeningInterval(place=place, weekday=d, start_minute=s, end_minute=e) for d, s, e in intervals
    )


def import_places(
    *, data: bytes, filename: str = "", source: str, dry_run: bool = False, actor=None
) -> ImportReport:
    source = (source or "").strip()[:100]
    if not source:
        raise InvalidInput(_("Indiquez le nom de la source (par exemple « mednum-2026 »)."))
    rows = read_rows(data, filename)
    report = ImportReport(dry_run=dry_run)
    with transaction.atomic():
        for line, row in rows:
            checked = schema.check_row(row)
            intervals = []
            if checked.values.get("horaires"):
                try:
                    intervals = hours.weekly_intervals(checked.values["horaires"])
                except hours.InvalidHours as exc:
                    checked.errors.append(("horaires", str(exc)))
            if checked.errors:
                report.rejected += [(line, name, reason) for name, reason in checked.errors]
                continue
            values = _model_values(checked.values)
            existing = Place.objects.filter(source=source, source_id=values["source_id"]).first()
            if existing is None:
                place = Place.objects.create(source=source, updated_by=actor, **values)
                save_intervals(place, intervals)
                report.created += 1
            elif all(getattr(existing, key) == value for key, value in values.items()):
                report.unchanged += 1
            else:
                for key, value in values.items():
                    setattr(existing, key, value)
                existing.updated_by = actor
                existing.save()
                save_intervals(existing, intervals)
                report.updated += 1
        if dry_run:
            transaction.set_rollback(True)
    return report
