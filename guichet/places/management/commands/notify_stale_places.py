from django.core.management.base import BaseCommand

from guichet.places.services.freshness import notify_stale_places


class Command(BaseCommand):
    help = (
        "Prévient par courriel les responsables des lieux non mis à jour depuis 12 mois (au plus une fois "
        "par mois et par lieu). À lancer chaque jour."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Courriels envoyés : {notify_stale_places()}")
