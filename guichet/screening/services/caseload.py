"""Caseload screening: check an uploaded file, screen it in the background, rank the households,
delete the personal data once the retention period is over."""

import csv
import datetime
import io
import logging
import re
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from guichet.core.exceptions import InvalidInput
from guichet.core.journal import record
from guichet.screening.models import Caseload, CaseloadHousehold, Questionnaire, ReopenFailure

REQUIRED_COLUMNS = ("household_id", "role", "date_naissance", "depcom")
PARQUET_MAGIC = b"PAR1"
PERIOD_PATTERN = re.compile(r"^(19|20)\d\d-(0[1-9]|1[0-2])$")
NON_BENEFIT_COLUMNS = {"household_id", "total"}
PROGRESS_EVERY_SECONDS = 1.0
logger = logging.getLogger("guichet.screening")


@dataclass
class CheckedFile:
    content: bytes  # UTF-8, comma-separated for CSV; unchanged for Parquet
    extension: str  # ".csv" | ".parquet"
    notice: str  # what we changed, to tell the person ("" when nothing)


def _max_bytes() -> int:
    return settings.SCREENING_CASELOAD_MAX_MB * 1024 * 1024


def _missing_columns(columns) -> list[str]:
    present = {str(c).strip().lower() for c in columns}
    return [c for c in REQUIRED_COLUMNS if c not in present]


def _columns_error(missing: list[str]) -> InvalidInput:
    return InvalidInput(
        _(
            "Il manque des colonnes obligatoires : %(missing)s. La première ligne doit nommer les colonnes "
            "(au moins %(required)s), une personne par ligne."
        )
        % {"missing": ", ".join(missing), "required": ", ".join(REQUIRED_COLUMNS)}
    )


def _decode(raw: bytes) -> tuple[str, str]:
    """The text and a notice; UTF-8 (with or without BOM) as is, Windows-1252 (Excel) converted."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), ""
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            _(
                "Ce fichier n'est ni en UTF-8 ni en Windows-1252 : il n'est peut-être pas un fichier CSV. "
                "Dans votre tableur, choisissez « Enregistrer sous », format « CSV UTF-8 »."
            )
        ) from exc
    return text, _(
        "Le fichier était encodé en Windows-1252 (format CSV d'Excel) : il a été converti en UTF-8, "
        "les accents sont conservés."
    )


def _check_csv(raw: bytes) -> CheckedFile:
    text, notice = _decode(raw)
    if "\x00" in text:
        raise InvalidInput(_("Ce fichier contient des caractères binaires : ce n'est pas un fichier CSV."))
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(rows, None)
    if not header:
        raise InvalidInput(_("Le fichier est vide."))
    header = [column.strip().lower() for column in header]
    missing = _missing_columns(header)
    if missing:
        raise _columns_error(missing)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        if any(cell.strip() for cell in row):
            writer.writerow(row)
            count += 1
    if count == 0:
        raise InvalidInput(_("Le fichier ne contient que la ligne des colonnes : aucune personne à simuler."))
    if delimiter != ",":
        separator = _("point-virgule") if delimiter == ";" else _("tabulation")
        notice = " ".join(filter(None, [notice, _("Séparateur détecté : %s.") % separator]))
    return CheckedFile(content=out.getvalue().encode("utf-8"), extension=".csv", notice=notice)


def _check_parquet(raw: bytes) -> CheckedFile:
    if not (raw.startswith(PARQUET_MAGIC) and raw.endswith(PARQUET_MAGIC)):
        raise InvalidInput(
            _("Ce fichier porte l'extension .parquet mais n'est pas un fichier Parquet valide.")
        )
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(io.BytesIO(raw))
    except Exception as exc:  # noqa: BLE001 — any reader error means the same thing to the person
        raise InvalidInput(_("Ce fichier Parquet est illisible ou abîmé.")) from exc
    missing = _missing_columns(schema.names)
    if missing:
        raise _columns_error(missing)
    return CheckedFile(content=raw, extension=".parquet", notice="")


def check_file(*, name: str, raw: bytes) -> CheckedFile:
    """Size, format (by content), encoding and columns, each with a French message saying what to do."""
    if len(raw) == 0:
        raise InvalidInput(_("Le fichier « %s » est vide.") % name)
    if len(raw) > _max_bytes():
        raise InvalidInput(
            _(
                "Le fichier pèse %(size).1f Mo : la limite est de %(max)d Mo. Découpez-le en plusieurs fichiers."
            )
            % {"size": len(raw) / 1024 / 1024, "max": settings.SCREENING_CASELOAD_MAX_MB}
        )
    extension = Path(name).suffix.lower()
    if extension == ".parquet":
        return _check_parquet(raw)
    if extension in (".csv", ".txt"):
        return _check_csv(raw)
    raise InvalidInput(_("Envoyez un fichier CSV (.csv) ou Parquet (.parquet)."))


# OpenFisca-France has every parameter of the benefits we screen from this month on (some, such as the
# bourse de lycée, start in September 2016); later than next year, no rule is known yet.
FIRST_PERIOD = "2017-01"


def check_period(period: str) -> str:
    period = (period or "").strip()
    if not PERIOD_PATTERN.match(period):
        raise InvalidInput(_("Indiquez le mois au format AAAA-MM, par exemple 2026-01."))
    last = f"{timezone.localdate().year + 1}-12"
    if not FIRST_PERIOD <= period <= last:
        raise InvalidInput(
            _(
                "Choisissez un mois entre %(first)s et %(last)s : les règles des autres périodes ne sont pas connues."
            )
            % {"first": FIRST_PERIOD, "last": last}
        )
    return period


@transaction.atomic
def upload_caseload(*, organisation, actor, name: str, raw: bytes, period: str) -> tuple[Caseload, str]:
    """Keep the checked file and queue its screening once the transaction commits."""
    checked = check_file(name=name, raw=raw)
    caseload = Caseload(
        organisation=organisation,
        uploaded_by=actor,
        label=Path(name).name[:255],
        period=check_period(period),
        delete_after=timezone.now() + datetime.timedelta(days=settings.SCREENING_RETENTION_DAYS),
    )
    caseload.input_file.save(
        f"{caseload.pk.hex}-entree{checked.extension}", ContentFile(checked.content), save=False
    )
    caseload.save()
    record(
        action="screening.fichier_depose",
        actor=actor,
        organisation_id=organisation.pk,
        subject_type="fichier_foyers",
        subject_id=str(caseload.pk),
        data={"octets": len(checked.content), "periode": caseload.period},
    )
    caseload_id = str(caseload.pk)
    transaction.on_commit(lambda: run_caseload.enqueue(caseload_id))
    return caseload, checked.notice


def _progress_callback(caseload_id):
    last = {"at": 0.0}

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - last["at"] < PROGRESS_EVERY_SECONDS:
            return
        last["at"] = now
        Caseload.objects.filter(pk=caseload_id).update(progress_done=done, progress_total=total)

    return progress


def _amount(raw: str) -> Decimal | None:
    try:
        value = Decimal(str(raw or "0"))
    except InvalidOperation:
        return None
    return value.quantize(Decimal("0.01")) if value.is_finite() else None


def is_amount(value: str) -> bool:
    return _amount(value) is not None


def _is_open(value: str) -> bool:
    """A benefit is open for a household: a positive amount, or a coverage status ("gratuite"…)."""
    amount = _amount(value)
    return amount > 0 if amount is not None else bool(value.strip())


def _stored_value(raw: str) -> str:
    amount = _amount(raw)
    return str(amount) if amount is not None else raw.strip()[:40]


def _store_results(caseload: Caseload, output_path: Path) -> int:
    batch, stored = [], 0
    with output_path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            values = {k: _stored_value(v or "") for k, v in row.items() if k not in NON_BENEFIT_COLUMNS}
            batch.append(
                CaseloadHousehold(
                    caseload=caseload,
                    household_id=str(row["household_id"])[:100],
                    total=_amount(row.get("total")) or Decimal(0),
                    eligible_count=sum(1 for v in values.values() if _is_open(v)),
                    amounts=values,
                )
            )
            if len(batch) >= 1000:
                CaseloadHousehold.objects.bulk_create(batch)
                stored, batch = stored + len(batch), []
    CaseloadHousehold.objects.bulk_create(batch)
    return stored + len(batch)


@task()
def run_caseload(caseload_id: str) -> str:
    """The background task: screen an uploaded caseload (progress saved on the caseload as it goes)."""
    return run_caseload_job(caseload_id=caseload_id).status


def run_caseload_job(*, caseload_id) -> Caseload:
    """The background job: screen every household with the engine, then keep the ranked results."""
    from guichet.screening.batch import run_file

    caseload = Caseload.objects.get(pk=caseload_id)
    if caseload.status != Caseload.Status.QUEUED:
        return caseload
    Caseload.objects.filter(pk=caseload.pk).update(status=Caseload.Status.RUNNING)
    try:
        # Files are encrypted at rest: the engine reads a clear copy in a private temporary folder,
        # deleted with everything in it once the results are stored (encrypted) again.
        with tempfile.TemporaryDirectory(prefix="guichet-foyers-") as work:
            input_path = Path(work) / f"entree{Path(caseload.input_file.name).suffix.lower()}"
            with caseload.input_file.open("rb") as source:
                input_path.write_bytes(source.read())
            output_path = Path(work) / "resultats.csv"
            report = run_file(
                input_path,
                output_path,
                period=caseload.period,
                benefits=None,
                progress=_progress_callback(caseload.pk),
            )
            with transaction.atomic():
                caseload = Caseload.objects.select_for_update().get(pk=caseload.pk)
                _store_results(caseload, output_path)
                with output_path.open("rb") as results:
                    caseload.output_file.save(f"{caseload.pk.hex}-resultats.csv", File(results), save=False)
                errors_path = Path(report.errors_path) if report.errors_path else None
                if errors_path is not None and errors_path.exists():
                    with errors_path.open("rb") as errors:
                        caseload.errors_file.save(f"{caseload.pk.hex}-erreurs.csv", File(errors), save=False)
                caseload.households_total = report.households_total
                caseload.households_ok = report.households_ok
                caseload.rows_invalid = report.rows_invalid
                caseload.progress_done = caseload.progress_total
                caseload.status = Caseload.Status.DONE
                caseload.finished_at = timezone.now()
                caseload.save()
                record(
                    action="screening.fichier_simule",
                    organisation_id=caseload.organisation_id,
                    subject_type="fichier_foyers",
                    subject_id=str(caseload.pk),
                    data={
                        "foyers": report.households_ok,
                        "lignes_invalides": report.rows_invalid,
                        "periode": caseload.period,
                    },
                )
    except Exception:  # noqa: BLE001 — the responsable is told; the traceback goes to the logs
        logger.exception("Échec de la simulation du fichier %s", caseload.pk)
        Caseload.objects.filter(pk=caseload.pk).update(
            status=Caseload.Status.FAILED,
            failure=_("La simulation n'a pas pu aller au bout. L'équipe technique a été prévenue."),
            finished_at=timezone.now(),
        )
    return Caseload.objects.get(pk=caseload.pk)


def _delete_files(caseload: Caseload) -> None:
    for field in (caseload.input_file, caseload.output_file, caseload.errors_file):
        if field.name:
            field.delete(save=False)


def purge_expired(*, dry_run: bool = False, now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete the personal data whose retention period is over: caseload files and households,
    questionnaires that no usager account keeps. The caseload's counts stay, for the record."""
    now = now or timezone.now()
    caseloads = Caseload.objects.filter(delete_after__lte=now, purged_at__isnull=True)
    limit = now - datetime.timedelta(days=settings.SCREENING_RETENTION_DAYS)
    questionnaires = Questionnaire.objects.filter(usager__isnull=True, updated_at__lt=limit)
    counts = {"fichiers": caseloads.count(), "simulations": questionnaires.count()}
    if dry_run:
        return counts
    for caseload in caseloads:
        with transaction.atomic():
            locked = Caseload.objects.select_for_update().get(pk=caseload.pk)
            _delete_files(locked)
            households = locked.households.count()
            locked.households.all().delete()
            locked.input_file = locked.output_file = locked.errors_file = ""
            locked.status = Caseload.Status.PURGED
            locked.purged_at = now
            locked.save()
            record(
                action="screening.fichier_supprime",
                organisation_id=locked.organisation_id,
                subject_type="fichier_foyers",
                subject_id=str(locked.pk),
                data={"foyers": households},
            )
    questionnaires.delete()
    ReopenFailure.objects.filter(at__lt=now - datetime.timedelta(days=1)).delete()
    return counts
