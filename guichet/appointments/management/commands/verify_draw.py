"""`manage.py verify_draw DRAW_ID`: replay a fair-mode draw from its revealed seed."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from guichet.appointments.models import DrawWindow
from guichet.appointments.services.fair import verify


class Command(BaseCommand):
    help = "Rejoue un tirage au sort de rendez-vous depuis sa graine révélée et dit s'il correspond."

    def add_arguments(self, parser):
        parser.add_argument("draw_id", help="identifiant du tirage (page publique du tirage)")

    def handle(self, *args, **options):
        try:
            window = DrawWindow.objects.filter(pk=options["draw_id"]).first()
        except ValidationError:
            window = None
        if window is None:
            raise CommandError(f"Tirage introuvable : {options['draw_id']}.")
        if not window.drawn_at:
            raise CommandError(
                f"Ce tirage n'a pas encore eu lieu : sa graine sera révélée le {window.closes_at:%d/%m/%Y à %H:%M} "
                f"(empreinte publiée : {window.seed_hash})."
            )
        problems = verify(window)
        if problems:
            for problem in problems[:50]:
                self.stderr.write(problem)
            raise CommandError(f"Le tirage ne se rejoue pas à l'identique ({len(problems)} écart(s)).")
        taking_part = window.requests.exclude(ticket="").count()
        self.stdout.write(
            f"Tirage vérifié : la graine correspond à l'empreinte publiée ({window.seed_hash[:16]}…), "
            f"{taking_part} demandes et {len(window.places)} places donnent exactement les résultats enregistrés."
        )
