from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from guichet.core.backups import backup
from guichet.core.exceptions import InvalidInput


class Command(BaseCommand):
    help = (
        "Sauvegarde la base (pg_dump sous PostgreSQL, sauvegarde en ligne sous SQLite) et les documents, "
        "dans des fichiers horodatés sous var/backups/."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dossier",
            type=Path,
            default=settings.BASE_DIR / "var" / "backups",
            help="dossier de destination",
        )

    def handle(self, *args, dossier: Path, **options):
        try:
            files = backup(directory=dossier)
        except InvalidInput as exc:
            raise CommandError(exc.message) from exc
        for path in files:
            self.stdout.write(f"Sauvegarde écrite : {path}")
