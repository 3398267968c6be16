from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstructionConfig(AppConfig):
    name = "guichet.instruction"
    label = "instruction"
    verbose_name = _("Instruction")

    def ready(self):
        from guichet.instruction import perms
        from guichet.procedures import perms as procedure_perms
        from guichet.procedures.services import transitions

        procedure_perms.register_staff_scope(perms.scope_dossiers)
        transitions.register_after_deposit(perms.route_on_deposit)
