"""`manage.py screen INPUT --out OUTPUT …` (a caseload file) or `manage.py screen --situation FILE.json`."""

from __future__ import annotations

import json
import shutil
import sys

from django.core.management.base import BaseCommand, CommandError

from guichet.screening.benefits import parse_benefit_codes


def progress_line(done: int, total: int, width: int = 80) -> str:
    """« [#######.....]  42 % 12 345/29 256 lignes » fitting in `width` columns."""
    fraction = min(1.0, done / total) if total else 1.0
    counts = f" {fraction:4.0%} {done:,}/{total:,} lignes".replace(",", "\u202f")
    bar_width = max(10, min(40, width - len(counts) - 3))
    filled = int(round(fraction * bar_width))
    return f"[{'#' * filled}{'.' * (bar_width - filled)}]{counts}"


class Command(BaseCommand):
    help = (
        "Simulation de droits sur OpenFisca-France. Un fichier de personnes (CSV ou Parquet, une ligne par "
        "personne) donne un fichier de foyers (une ligne par foyer, une colonne par prestation en euros par "
        "mois, et le total) ; les lignes invalides vont dans SORTIE.errors.csv. Avec --situation, calcule une "
        "seule situation (notre format JSON ou une situation OpenFisca native) et affiche le résultat en JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "input", nargs="?", help="fichier d'entrée .csv ou .parquet (une ligne par personne)"
        )
        parser.add_argument("--out", help="fichier de sortie .csv ou .parquet (une ligne par foyer)")
        parser.add_argument(
            "--situation", help='un foyer en JSON (notre format, ou {"openfisca_situation": …})'
        )
        parser.add_argument("--period", help="mois de la simulation AAAA-MM (par défaut : le mois en cours)")
        parser.add_argument(
            "--benefits", help="codes des prestations séparés par des virgules (par défaut : toutes)"
        )
        parser.add_argument(
            "--engine", choices=("local", "dask"), default="local", help="local (défaut) ou dask"
        )
        parser.add_argument("--workers", type=int, default=1, help="nombre de processus de calcul (défaut 1)")
        parser.add_argument(
            "--chunk-size", type=int, default=10000, help="foyers par simulation (défaut 10000)"
        )
        parser.add_argument(
            "--scheduler", help="adresse d'un ordonnanceur dask.distributed (tcp://hôte:8786)"
        )
        parser.add_argument("--no-progress", action="store_true", help="pas de barre de progression")

    def handle(self, *args, **options):
        period = options["period"]
        if period:
            from guichet.core.exceptions import InvalidInput
            from guichet.screening.services.caseload import check_period

            try:
                period = check_period(period)
            except InvalidInput as exc:
                raise CommandError(f"--period : {exc.message}") from exc
        try:
            codes = parse_benefit_codes(options["benefits"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        if options["situation"]:
            return self._situation(options["situation"], period, codes)
        if not options["input"] or not options["out"]:
            raise CommandError("Indiquez un fichier d'entrée et --out SORTIE, ou --situation FICHIER.json.")
        return self._file(options, period, codes)

    def _situation(self, path, period, codes):
        from guichet.screening.engine import screen_household, screen_openfisca_situation
        from guichet.screening.engine.situation import default_period
        from guichet.screening.household import HouseholdError, parse_household_dict

        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError) as error:
            raise CommandError(f"{path} : JSON illisible ({error}).") from error
        try:
            if isinstance(data, dict) and "openfisca_situation" in data:
                period = period or data.get("period") or default_period()
                result = screen_openfisca_situation(
                    data["openfisca_situation"], period=period, benefits=codes
                )
            else:
                result = screen_household(parse_household_dict(data), period=period, benefits=codes).to_dict()
        except HouseholdError as error:
            raise CommandError("Foyer invalide : " + " ; ".join(error.errors)) from error
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))

    def _file(self, options, period, codes):
        from guichet.screening.batch import run_file

        progress = None
        shown = []
        if not options["no_progress"] and sys.stderr.isatty():

            def progress(done, total):
                shown.append(done)
                sys.stderr.write("\r" + progress_line(done, total, shutil.get_terminal_size().columns))
                sys.stderr.flush()

        try:
            report = run_file(
                options["input"],
                options["out"],
                period=period,
                benefits=codes,
                engine=options["engine"],
                workers=options["workers"],
                chunk_size=options["chunk_size"],
                progress=progress,
                scheduler=options["scheduler"],
            )
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        finally:
            if shown:
                sys.stderr.write("\n")
        self.stdout.write(
            f"{report.households_ok} foyers calculés sur {report.households_total}, "
            f"{report.rows_invalid} lignes invalides (voir {report.errors_path}), en {report.seconds:.1f} s."
        )
