"""`manage.py send_appointment_reminders`: the reminders due now (run every hour)."""

from django.core.management.base import BaseCommand

from guichet.appointments.services.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Envoie les rappels de rendez-vous dus (SMS à J-2 et J-1, courriel à J-1, courrier assez tôt)."

    def handle(self, *args, **options):
        sent = send_due_reminders()
        self.stdout.write(f"{sent} rappel(s) envoyé(s).")
