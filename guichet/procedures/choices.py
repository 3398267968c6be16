"""The vocabularies of procedures and dossiers: themes, implicit decisions, states, how to notify."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """The themes a mandate can cover (same list as Aidants Connect)."""

    PAPIERS = "papiers", _("Papiers, citoyenneté")
    FAMILLE = "famille", _("Famille, scolarité")
    SOCIAL = "social", _("Social, santé")
    TRAVAIL = "travail", _("Travail, formation")
    LOGEMENT = "logement", _("Logement")
    TRANSPORTS = "transports", _("Transports, mobilité")
    ARGENT = "argent", _("Argent, impôts")
    JUSTICE = "justice", _("Justice")
    ETRANGER = "etranger", _("Étranger")
    LOISIRS = "loisirs", _("Loisirs, sports, culture")


class ImplicitDecision(models.TextChoices):
    ACCEPTANCE = "acceptance", _("Le silence vaut acceptation")
    REJECTION = "rejection", _("Le silence vaut rejet")


class DossierState(models.TextChoices):
    BROUILLON = "brouillon", _("Brouillon")
    DEPOSE = "depose", _("Déposé")
    EN_INSTRUCTION = "en_instruction", _("En instruction")
    A_COMPLETER = "a_completer", _("À compléter")
    ACCEPTE = "accepte", _("Accepté")
    REFUSE = "refuse", _("Refusé")
    CLASSE_SANS_SUITE = "classe_sans_suite", _("Classé sans suite")
    RETIRE = "retire", _("Retiré par la personne")


# How the person reads the state of their request (agents keep DossierState's labels).
USAGER_STATE_LABELS = {
    DossierState.BROUILLON: _("Pas encore envoyée"),
    DossierState.DEPOSE: _("Reçue par le service"),
    DossierState.EN_INSTRUCTION: _("Le service étudie votre demande"),
    DossierState.A_COMPLETER: _("Le service attend quelque chose de votre part"),
    DossierState.ACCEPTE: _("Acceptée"),
    DossierState.REFUSE: _("Refusée"),
    DossierState.CLASSE_SANS_SUITE: _("Arrêtée par le service (classée sans suite)"),
    DossierState.RETIRE: _("Retirée : vous avez arrêté votre demande"),
}


class NotifyBy(models.TextChoices):
    EMAIL = "email", _("Par courriel")
    SMS = "sms", _("Par SMS")
    LETTER = "letter", _("Par courrier postal")
    NONE = "none", _("Je consulterai le suivi moi-même")


class PieceLater(models.TextChoices):
    """How a person will bring a required piece they do not have when they file."""

    COUNTER = "counter", _("Je l'apporterai au guichet")
    MAIL = "mail", _("Je l'enverrai par courrier")
    AIDANT = "aidant", _("Un aidant l'enverra pour moi")
    NONE = "none", _("Je ne l'ai pas")
