from django.core.management.base import BaseCommand

from guichet.core.privacy import apply_retention


class Command(BaseCommand):
    help = (
        "Applique les durées de conservation des données personnelles (réglages GUICHET_RETENTION_*) : "
        "supprime ou pseudonymise ce qui a expiré, et affiche un compte rendu par type de données. "
        "À lancer chaque jour. Le journal n'est jamais modifié."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Compte sans rien supprimer.")

    def handle(self, *args, dry_run=False, **options):
        title = (
            "Conservation des données — simulation (rien n'est supprimé)"
            if dry_run
            else "Conservation des données"
        )
        self.stdout.write(title)
        for result in apply_retention(dry_run=dry_run):
            self.stdout.write(f"- {result.line(dry_run=dry_run)}")
