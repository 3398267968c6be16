"""Import places from a file in the LaMednum standard (CSV or JSON): check every row, keep the good ones.

Rows are checked against the standard's own schema (places/schema.py) and their opening hours with a
real OSM parser; a refused row is listed with its line, field and a French reason, the others are
imported. Upsert by source + id: importing the same file twice changes nothing. The whole file goes in
one transaction: a server stopped mid-way leaves the directory as it was.
"""

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from guichet.core.exceptions import InvalidInput
from guichet.places import hours, inclusion, schema
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


def read_rows(data, filename: str = "", required=("id", "nom")) -> Iterator[tuple[int, dict]]:
    """(line number as a spreadsheet shows it, row) of a CSV (`,` or `;`, UTF-8 or Windows-1252) or a
    JSON list; a French error for anything else. `data`: bytes, or a binary file (a CSV is then read
    row by row: memory does not grow with the file)."""
    stream = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    if size > MAX_BYTES:
        raise InvalidInput(
            _("Le fichier pèse %(size)d Mo : la limite est de %(max)d Mo. Découpez-le en plusieurs fichiers.")
            % {"size": size // (1024 * 1024), "max": MAX_BYTES // (1024 * 1024)}
        )
    head = stream.read(65536)
    stream.seek(0)
    try:
        head.decode("utf-8-sig")
        encoding = "utf-8-sig"
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still UTF-8.
        encoding = "utf-8-sig" if exc.start >= len(head) - 3 else "cp1252"
    start = head.decode(encoding, errors="replace").lstrip()
    if filename.lower().endswith(".json") or start.startswith(("[", "{")):
        try:
            parsed = json.loads(stream.read().decode(encoding, errors="replace"))
        except json.JSONDecodeError as exc:
            raise InvalidInput(
                _("Le fichier JSON est illisible (ligne %d) : vérifiez-le.") % exc.lineno
            ) from exc
        if not isinstance(parsed, list) or not all(isinstance(item, dict) for item in parsed):
            raise InvalidInput(_("Le fichier JSON doit contenir une liste de lieux : [ {…}, {…} ]."))
        return ((index + 1, item) for index, item in enumerate(parsed))
    if not start:
        raise InvalidInput(_("Le fichier est vide."))
    first_line = start.splitlines()[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    text = io.TextIOWrapper(stream, encoding=encoding, errors="replace", newline="")
    reader = csv.DictReader(text, delimiter=delimiter)
    missing = set(required) - set(reader.fieldnames or [])
    if missing:
        raise InvalidInput(
            _("Ce fichier n'a pas les colonnes du standard de la médiation numérique (il manque : %s).")
            % ", ".join(sorted(missing))
        )
    return ((reader.line_num, row) for row in reader)


def model_values(checked: dict) -> dict:
    values = {}
    for name, value in checked.items():
        if name in NOT_STORED:
            continue
        if value is None and name not in ("latitude", "longitude"):
            value = ""
        values[RENAMED.get(name, name)] = value
    values["services_text"] = as_text(values.get("services") or [])
    values["supports_text"] = as_text(values.get("prise_en_charge_specifique") or [])
    values["fees_text"] = as_text(values.get("frais_a_charge") or [])
    values["audience_text"] = as_text(values.get("publics_specifiquement_adresses") or [])
    values["access_text"] = as_text(values.get("modalites_acces") or [])
    return values


def as_text(values: list[str]) -> str:
    return "|" + "|".join(values) + "|" if values else ""


def save_intervals(place: Place, intervals) -> None:
    place.intervals.all().delete()
    OpeningInterval.objects.bulk_create(
        OpeningInterval(place=place, weekday=d, start_minute=s, end_minute=e) for d, s, e in intervals
    )


BATCH = 1000


def import_places(
    *,
    data,
    filename: str = "",
    source: str,
    dry_run: bool = False,
    actor=None,
    organisation=None,
    progress=None,
    schema_name: str = "mednum",
) -> ImportReport:
    """Import a file; `organisation`: the structure that runs the places of this file (its responsable
    imports them), set on the places created; `progress(rows_read)` is called after each batch."""
    source = (source or "").strip()[:100]
    if not source:
        raise InvalidInput(_("Indiquez le nom de la source (par exemple « mednum-2026 »)."))
    rows = read_rows(data, filename)
    report = ImportReport(dry_run=dry_run)
    seen: set[str] = set()
    with transaction.atomic():
        batch = []
        for line, row in rows:
            if schema_name == "data-inclusion":
                row, refused = inclusion.as_mednum_row(row)
                if refused:
                    report.rejected += [(line, name, reason) for name, reason in refused]
                    continue
            checked = schema.check_row(
                row, not_required=inclusion.NOT_REQUIRED if schema_name == "data-inclusion" else ()
            )
            intervals = []
            if checked.values.get("horaires"):
                try:
                    intervals = hours.weekly_intervals(checked.values["horaires"])
                except hours.InvalidHours as exc:
                    checked.errors.append(("horaires", str(exc)))
            source_id = checked.values.get("id")
            if source_id and source_id in seen:
                checked.errors.append(
                    ("id", _("identifiant « %s » déjà vu plus haut dans le fichier") % source_id)
                )
            if checked.errors:
                report.rejected += [(line, name, reason) for name, reason in checked.errors]
                continue
            seen.add(source_id)
            batch.append((model_values(checked.values), intervals))
            if len(batch) >= BATCH:
                _save_batch(batch, source=source, actor=actor, organisation=organisation, report=report)
                batch = []
                if progress is not None:
                    progress(line)
        _save_batch(batch, source=source, actor=actor, organisation=organisation, report=report)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _save_batch(batch, *, source: str, actor, organisation, report: ImportReport) -> None:
    """Upsert a batch: one query to find the places already known, one insert for the new ones."""
    if not batch:
        return
    existing = {
        place.source_id: place
        for place in Place.objects.filter(
            source=source, source_id__in=[values["source_id"] for values, _i in batch]
        )
    }
    new, new_intervals = [], []
    for values, intervals in batch:
        place = existing.get(values["source_id"])
        if place is None:
            place = Place(source=source, updated_by=actor, organisation=organisation, **values)
            new.append(place)
            new_intervals += [
                OpeningInterval(place=place, weekday=d, start_minute=s, end_minute=e) for d, s, e in intervals
            ]
        elif all(getattr(place, key) == value for key, value in values.items()):
            report.unchanged += 1
        else:
            for key, value in values.items():
                setattr(place, key, value)
            place.updated_by = actor
            place.save()
            save_intervals(place, intervals)
            report.updated += 1
    Place.objects.bulk_create(new)
    OpeningInterval.objects.bulk_create(new_intervals, batch_size=BATCH)
    report.created += len(new)


@transaction.atomic
def import_inclusion_services(*, data, filename: str = "", source: str) -> ImportReport:
    """data·inclusion services: each checked by the schema's model, its themes added to the place of its
    structure (imported before from the structures file, under the same `source`)."""
    report = ImportReport()
    themes: dict[str, set[str]] = {}
    for line, row in read_rows(data, filename, required=("id", "structure_id")):
        service, refused = inclusion.check_service(row)
        if refused:
            report.rejected += [(line, name, reason) for name, reason in refused]
            continue
        if not Place.objects.filter(source=source, source_id=service.structure_id).exists():
            report.rejected.append(
                (
                    line,
                    "structure_id",
                    _("structure « %s » inconnue dans cette source : importez d'abord ses structures")
                    % service.structure_id,
                )
            )
            continue
        themes.setdefault(service.structure_id, set()).update(t.value for t in service.thematiques or [])
    for structure_id, values in themes.items():
        place = Place.objects.get(source=source, source_id=structure_id)
        merged = sorted(set(place.thematiques) | values)
        if merged == place.thematiques:
            report.unchanged += 1
        else:
            place.thematiques = merged
            place.save(update_fields=["thematiques", "updated_at"])
            report.updated += 1
    return report
