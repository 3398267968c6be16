from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from guichet.accounts.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Charge les organisations et comptes de démonstration (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--print-logins", action="store_true", help="Affiche les identifiants de démonstration."
        )

    def handle(self, *args, **options):
        if settings.IS_PRODUCTION:
            raise CommandError("Les données de démonstration sont refusées en production.")
        logins = load_demo()
        self.stdout.write(self.style.SUCCESS("Données de démonstration à jour."))
        if options["print_logins"]:
            self.stdout.write("")
            self.stdout.write(f"Comptes de démonstration — mot de passe commun : {DEMO_PASSWORD}")
            for login in logins:
                line = f"  {login['username']:<12} {login['roles']}"
                if login["totp_secret"]:
                    line += f"\n  {'':<12} clé TOTP : {login['totp_secret']}  (code du moment : "
                    line += f"python manage.py demo_otp {login['username']})"
                self.stdout.write(line)
