import datetime

from django.core.management.base import BaseCommand

from guichet.core.task_recovery import requeue_abandoned_tasks


class Command(BaseCommand):
    help = (
        "Remet dans la file les tâches de fond restées « en cours » après l'arrêt brutal d'un worker "
        "(au-delà de GUICHET_TASK_ABANDONED_MINUTES, ou --depuis-minutes). Avec un seul worker, "
        "lancez-la avec --depuis-minutes 0 juste avant de le démarrer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--depuis-minutes", type=int, default=None, help="ancienneté minimale, en minutes"
        )

    def handle(self, *args, depuis_minutes=None, **options):
        older_than = None if depuis_minutes is None else datetime.timedelta(minutes=depuis_minutes)
        count = requeue_abandoned_tasks(older_than=older_than)
        self.stdout.write(f"{count} tâche(s) abandonnée(s) remise(s) dans la file.")
