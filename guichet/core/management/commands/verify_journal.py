from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from guichet.core.journal.chain import check_exported_heads, verify_chain
from guichet.core.journal.documents import run_document_checks


class Command(BaseCommand):
    help = _(
        "Vérifie le chaînage du journal ; code de sortie 0 s'il est intact, 1 en nommant la première "
        "entrée fautive sinon."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--against",
            type=Path,
            action="append",
            default=[],
            metavar="FICHIER",
            help=_("fichier de têtes exportées par export_journal_head, à comparer au journal"),
        )

    def handle(self, *args, against, **options):
        report = verify_chain()
        if not report.ok:
            entry = f" (id {report.bad_entry_id})" if report.bad_entry_id else ""
            self.stderr.write(
                _("Journal altéré : première entrée fautive n° %(sequence)d%(entry)s : %(reason)s")
                % {"sequence": report.bad_sequence, "entry": entry, "reason": report.reason}
            )
            raise SystemExit(1)
        for path in against:
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except OSError as exc:
                raise CommandError(
                    _("Impossible de lire %(path)s : %(error)s") % {"path": path, "error": exc}
                ) from exc
            checked, error = check_exported_heads(lines)
            if error:
                self.stderr.write(
                    _("Journal altéré depuis l'export %(path)s : %(error)s") % {"path": path, "error": error}
                )
                raise SystemExit(1)
            self.stdout.write(
                _("%(count)d têtes exportées concordent (%(path)s).") % {"count": checked, "path": path}
            )
        problems = run_document_checks()
        if problems:
            for problem in problems:
                self.stderr.write(_("Document altéré : %s") % problem)
            raise SystemExit(1)
        self.stdout.write(
            _("Journal intact : %(count)d entrées vérifiées ; tête n° %(sequence)d, empreinte %(hash)s.")
            % {"count": report.checked, "sequence": report.head_sequence, "hash": report.head_hash}
        )
