import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from guichet.core.exceptions import InvalidInput
from guichet.procedures.services.outages import record_outage


def _moment(value: str) -> datetime.datetime:
    try:
        moment = datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M")
    except ValueError as exc:
        raise CommandError(f"Date « {value} » illisible : écrivez AAAA-MM-JJTHH:MM, heure de Paris.") from exc
    return timezone.make_aware(moment)


class Command(BaseCommand):
    help = (
        "Enregistre une interruption du service (pour la supervision) : les délais qui couraient pendant "
        "l'interruption sont prolongés et les personnes prévenues."
    )

    def add_arguments(self, parser):
        parser.add_argument("--start", required=True, help="Début, AAAA-MM-JJTHH:MM (heure de Paris).")
        parser.add_argument("--end", required=True, help="Fin, AAAA-MM-JJTHH:MM (heure de Paris).")
        parser.add_argument("--description", required=True, help="Ce qui ne fonctionnait pas.")

    def handle(self, *args, start, end, description, **options):
        try:
            outage = record_outage(started_at=_moment(start), ended_at=_moment(end), description=description)
        except InvalidInput as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"Interruption enregistrée : délais de {outage.extensions.count()} dossier(s) prolongés."
        )
