from django.conf import settings
from django.core.management.base import BaseCommand

from guichet.screening.services.caseload import purge_expired


class Command(BaseCommand):
    help = (
        "Supprime les données personnelles des simulations de droits dont la durée de conservation "
        "(SCREENING_RETENTION_DAYS) est passée : fichiers de foyers et simulations sans compte."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Compte sans supprimer.")

    def handle(self, *args, dry_run=False, **options):
        counts = purge_expired(dry_run=dry_run)
        verb = "à supprimer" if dry_run else "supprimé(s)"
        self.stdout.write(
            f"Conservation : {settings.SCREENING_RETENTION_DAYS} jours. "
            f"{counts['fichiers']} fichier(s) de foyers et {counts['simulations']} simulation(s) {verb}."
        )
