from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Affiche le code TOTP du moment d'un compte de démonstration (développement seulement)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if settings.IS_PRODUCTION:
            raise CommandError("Commande refusée en production.")
        device = TOTPDevice.objects.filter(
            user__username__iexact=username, name="Démo", confirmed=True
        ).first()
        if device is None:
            raise CommandError(f"Aucun appareil TOTP de démonstration pour « {username} ».")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
