"""How journal actions read for the person they concern ("Qui a agi pour moi ?")."""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "personne.enregistree": _("Vous avez été inscrit par une structure d'aide"),
    "mandat.cree": _("Mandat préparé"),
    "mandat.renouvele": _("Renouvellement du mandat préparé"),
    "mandat.code_envoye": _("Code de consentement envoyé par SMS"),
    "mandat.code_refuse": _("Code de consentement erroné"),
    "mandat.code_bloque": _("Code de consentement bloqué après trop d'essais"),
    "mandat.consenti": _("Mandat signé"),
    "mandat.revoque": _("Mandat révoqué"),
    "mandat.refus": _("Action refusée : pas de mandat valide"),
    "representation.declaree": _("Représentation légale déclarée"),
    "representation.arretee": _("Représentation légale arrêtée"),
    "representation.verifiee": _("Représentation légale vérifiée par la structure"),
    "representation.refusee": _("Représentation légale refusée par la structure"),
    "dossier.start": _("Dossier commencé"),
    "dossier.submit": _("Dossier déposé"),
    "dossier.submit_correction": _("Compléments envoyés"),
    "dossier.withdraw": _("Dossier retiré"),
    "dossier.request_correction": _("Le service demande des compléments"),
    "dossier.start_instruction": _("Le service commence l'instruction"),
    "dossier.accept": _("Décision : accepté"),
    "dossier.refuse": _("Décision : refusé"),
    "dossier.close": _("Dossier classé sans suite"),
    "dossier.assign": _("Dossier confié à un agent"),
    "dossier.submitted": _("Dossier déposé"),
    "screening.simulation_calculee": _("Simulation de vos droits calculée"),
    "screening.demarche_preremplie": _("Démarche préremplie à partir de la simulation de droits"),
    "screening.foyer_contacte": _("Une structure vous a contacté au sujet de vos droits"),
    "mediation.personne_suivie": _("Une structure d'aide vous accompagne"),
    "mediation.accompagnement_enregistre": _("Accompagnement enregistré"),
    "mediation.diagnostic_enregistre": _("Diagnostic d'autonomie enregistré"),
}

STEPS = {
    "commencer": _("a commencé votre demande"),
    "ouvrir": _("a ouvert votre demande"),
    "section": _("a rempli une partie de votre demande"),
    "documents": _("a ajouté un papier à votre demande"),
    "remove_document": _("a retiré un papier de votre demande"),
    "contact": _("a indiqué comment vous prévenir"),
    "review": _("a envoyé votre demande"),
    "reuse": _("a repris des informations que vous aviez gardées"),
}


def action_label(entry) -> str:
    """Plain French, the person who acted first: « Moussa Diallo a rempli une partie de votre demande »."""
    step = (entry.data or {}).get("etape", "")
    who = getattr(entry, "actor_label", "") or ""
    if entry.action in ("mandat.acte", "representation.acte"):
        nobody = _("Un aidant") if entry.action == "mandat.acte" else _("Votre représentant légal")
        return f"{who or nobody} {STEPS.get(step, step)}"
    return str(ACTIONS.get(entry.action, entry.action))
