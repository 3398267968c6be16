from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from guichet.core.journal.chain import canonical_json
from guichet.core.journal.export import export_head


class Command(BaseCommand):
    help = _(
        "Ajoute la tête du journal (numéro et empreinte de la dernière entrée) au fichier "
        "journal-head.jsonl de JOURNAL_EXPORT_DIR, à copier sur une autre machine chaque jour."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir",
            dest="directory",
            type=Path,
            default=None,
            metavar="DOSSIER",
            help=_("dossier d'export (défaut : JOURNAL_EXPORT_DIR)"),
        )

    def handle(self, *args, directory, **options):
        line = export_head(directory=directory)
        path = line.pop("path")
        self.stderr.write(_("Tête du journal ajoutée à %(path)s.") % {"path": path})
        self.stdout.write(canonical_json(line))
