from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from guichet.core.exceptions import InvalidInput
from guichet.places.services import imports


class Command(BaseCommand):
    help = (
        "Importe des lieux au standard de la médiation numérique (LaMednum v1.0.2), CSV ou JSON : chaque "
        "ligne est vérifiée, les lignes refusées sont listées avec leur numéro, les autres importées. "
        "Réimporter le même fichier ne change rien (mise à jour par source + identifiant)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--schema",
            choices=["mednum", "data-inclusion", "data-inclusion-services"],
            default="mednum",
            help=(
                "mednum : standard LaMednum v1.0.2 ; data-inclusion : structures data·inclusion v1 ; "
                "data-inclusion-services : leurs services (après les structures, même --source)"
            ),
        )
        parser.add_argument("--source", help="nom de la source (par défaut : le nom du fichier)")
        parser.add_argument("--dry-run", action="store_true", help="vérifie sans rien enregistrer")

    def handle(self, *args, file, schema, source, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        if path.stat().st_size > imports.MAX_BYTES:
            raise CommandError(f"Le fichier dépasse {imports.MAX_BYTES // (1024 * 1024)} Mo : découpez-le.")
        try:
            total_lines = sum(1 for _line in path.open("rb")) - 1
            with path.open("rb") as stream:  # read row by row: memory stays flat
                if schema == "data-inclusion-services":
                    report = imports.import_inclusion_services(
                        data=stream, filename=path.name, source=source or path.stem
                    )
                else:
                    report = imports.import_places(
                        data=stream,
                        filename=path.name,
                        source=source or path.stem,
                        dry_run=dry_run,
                        progress=self._progress(total_lines),
                        schema_name=schema,
                    )
        except InvalidInput as exc:
            raise CommandError(exc.message) from exc
        if self.stdout.isatty():
            self.stdout.write("")
        prefix = "Simulation (rien n'est enregistré) — " if dry_run else ""
        self.stdout.write(
            f"{prefix}créés : {report.created}, mis à jour : {report.updated}, inchangés : {report.unchanged}, "
            f"lignes refusées : {report.rejected_rows}"
        )
        for line, name, reason in report.rejected:
            self.stdout.write(f"  ligne {line}, {name} : {reason}")

    def _progress(self, total: int):
        """A progress bar on a terminal (nothing in a log file or a pipe)."""
        if not self.stdout.isatty() or total <= 0:
            return None

        def show(line: int) -> None:
            done = min(line - 1, total)
            width = 30
            filled = int(width * done / total)
            self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} lignes", ending="")
            self.stdout.flush()

        return show
