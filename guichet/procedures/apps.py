from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "guichet.procedures"
    label = "procedures"
    verbose_name = _("Démarches et dossiers")

    def ready(self):
        from guichet.core.journal.documents import register_document_check
        from guichet.procedures.receipts import verify_issued_receipts

        register_document_check("accuses-de-reception", verify_issued_receipts)
