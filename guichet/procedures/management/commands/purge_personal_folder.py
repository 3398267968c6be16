from django.core.management.base import BaseCommand

from guichet.procedures.services.folder import purge_expired


class Command(BaseCommand):
    help = "Supprime les éléments des dossiers personnels dont la date de conservation est passée."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Compte sans supprimer.")

    def handle(self, *args, dry_run=False, **options):
        count = purge_expired(dry_run=dry_run)
        verb = "à supprimer" if dry_run else "supprimé(s)"
        self.stdout.write(f"{count} élément(s) expiré(s) {verb}.")
