from django.core.management.base import BaseCommand

from guichet.core import dsfr_subset


class Command(BaseCommand):
    help = (
        "Construit core/static/core/css/dsfr-subset.css : le cœur du DSFR et les composants utilisés par "
        "Guichet, réduits aux règles que ses gabarits emploient. À relancer après une mise à jour de "
        "django-dsfr ou l'emploi d'une nouvelle classe fr-… (un test le rappelle)."
    )

    def handle(self, *args, **options):
        size = dsfr_subset.write()
        self.stdout.write(f"{dsfr_subset.OUTPUT} : {size / 1024:.1f} Kio")
