import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from guichet.core.backups import restore
from guichet.core.exceptions import InvalidInput


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde de backup_database dans la base de DATABASE_URL (ou --base), qui doit être "
        "vide ; --remplacer écrase une base existante. Vérifiez ensuite le journal : verify_journal."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", type=Path, help="fichier .dump (PostgreSQL) ou .sqlite3 (SQLite)")
        parser.add_argument(
            "--base", default=None, help="adresse de la base de destination (défaut : DATABASE_URL)"
        )
        parser.add_argument("--remplacer", action="store_true", help="écraser le contenu d'une base non vide")

    def handle(self, *args, fichier: Path, base: str | None, remplacer: bool, **options):
        from django.conf import settings

        database_url = (
            base or os.environ.get("DATABASE_URL") or f"sqlite:///{settings.DATABASES['default']['NAME']}"
        )
        try:
            restore(file=fichier, database_url=database_url, replace=remplacer)
        except InvalidInput as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Sauvegarde {fichier} restaurée. Vérifiez le journal : manage.py verify_journal")
