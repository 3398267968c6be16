from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from guichet.core.encryption import UnreadableDocument, rotate_directory


class Command(BaseCommand):
    help = (
        "Rechiffre tous les documents (pièces des dossiers, dossiers personnels) avec la première clé de "
        "GUICHET_DOCUMENT_KEYS ; les clés suivantes servent encore à lire les anciens. Ensuite, retirez "
        "l'ancienne clé de la variable."
    )

    def handle(self, *args, **options):
        try:
            rotated, first_time = rotate_directory(settings.MEDIA_ROOT)
        except UnreadableDocument as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{rotated} document(s) rechiffré(s) avec la nouvelle clé, "
            f"{first_time} document(s) chiffré(s) pour la première fois."
        )
