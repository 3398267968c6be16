from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MandatesConfig(AppConfig):
    name = "guichet.mandates"
    label = "mandates"
    verbose_name = _("Aidants et mandats")

    def ready(self):
        from guichet.mandates.services.acting import act_on_dossier
        from guichet.procedures.perms import register_acting_check

        register_acting_check(act_on_dossier)
