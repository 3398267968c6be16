"""`manage.py run_fair_mode` (every hour): draws due, offers not answered in time, reserved places released."""

from django.core.management.base import BaseCommand

from guichet.appointments.services.waitlist import run_due


class Command(BaseCommand):
    help = "Tirages au sort arrivés à échéance, places proposées sans réponse, places réservées libérées."

    def handle(self, *args, **options):
        done = run_due()
        self.stdout.write(
            f"{done['drawn']} tirage(s), {done['expired']} proposition(s) expirée(s), "
            f"{done['released']} place(s) réservée(s) libérée(s)."
        )
