"""Our own exception hierarchy, mapped once to HTTP responses (web and API)."""

from django.utils.translation import gettext_lazy as _


class GuichetError(Exception):
    """Base of every error a service raises on purpose. Its message is shown to people, in French."""

    status_code = 400
    code = "erreur"
    default_message = _("La demande n'a pas pu être traitée.")

    def __init__(self, message: str | None = None):
        self.message = str(message or self.default_message)
        super().__init__(self.message)


class InvalidInput(GuichetError):
    status_code = 422
    code = "donnees_invalides"
    default_message = _("Certaines informations sont invalides.")


class PermissionDenied(GuichetError):
    status_code = 403
    code = "acces_refuse"
    default_message = _("Vous n'avez pas le droit de faire cette action.")


class NotFound(GuichetError):
    """Raised the same way whether the object is missing or forbidden, so nothing leaks."""

    status_code = 404
    code = "introuvable"
    default_message = _("Cette page ou cet objet n'existe pas, ou vous n'y avez pas accès.")


class Conflict(GuichetError):
    status_code = 409
    code = "conflit"
    default_message = _("Quelqu'un d'autre a modifié ces informations entre-temps.")
