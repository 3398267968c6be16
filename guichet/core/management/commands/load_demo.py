from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = "Charge les données de démonstration de chaque module (idempotent : la relancer ne change rien)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--print-logins", action="store_true", help="Affiche les comptes de démonstration."
        )

    def handle(self, *args, **options):
        if settings.IS_PRODUCTION:
            raise CommandError("Les données de démonstration sont refusées en production.")
        lines = []
        with transaction.atomic():
            for path in settings.GUICHET_DEMO_LOADERS:
                lines += import_string(path)() or []
        self.stdout.write(self.style.SUCCESS("Données de démonstration à jour."))
        if options["print_logins"]:
            self.stdout.write("")
            for line in lines:
                self.stdout.write(line)
