from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from guichet.procedures import receipts, selectors


class Command(BaseCommand):
    help = _(
        "Émet et garde un accusé de réception, marqué « réédité le … », pour chaque dossier déposé qui "
        "n'en a pas encore (dossiers déposés avant que les accusés soient gardés). Jamais antidaté."
    )

    def handle(self, *args, **options):
        issued = 0
        for dossier in selectors.deposited_without_receipt().iterator(chunk_size=200):
            receipts.latest_or_reissued(dossier=dossier)
            issued += 1
        self.stdout.write(_("%d accusé(s) réédité(s) et gardé(s).") % issued)
