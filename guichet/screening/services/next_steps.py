"""What to do next for each benefit: a Guichet procedure that matches it, or the official place.

A procedure declares, in its definition, the benefits it is the claim for (`"prestations"`), or those
it complements without being their claim (`"en_complement_de"`: a local emergency aid next to the
housing benefits): `{"prestations": ["aides_logement"], "sections": [...]}` (codes of
`guichet.screening.benefits`). A complementary procedure is never offered as the benefit's claim.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guichet.core.channels import Channel
from guichet.core.exceptions import InvalidInput
from guichet.core.journal import record
from guichet.procedures import selectors as procedure_selectors
from guichet.procedures.services import drafts
from guichet.screening.models import Questionnaire
from guichet.screening.services.questionnaire import procedure_answers

DEFINITION_KEY = "prestations"
RELATED_KEY = "en_complement_de"


@dataclass(frozen=True)
class OfficialPlace:
    who: str  # after « auprès » : « de la CAF », « du collège » (the article contracted, as French needs)
    where: str  # official sites, comma-separated; shown as links, never fetched

    @property
    def sites(self) -> list[tuple[str, str]]:
        """(name as written, https address) of each official site."""
        return [(site.strip(), f"https://{site.strip()}/") for site in self.where.split(",") if site.strip()]


CAF = OfficialPlace(
    gettext_lazy("de la Caisse d'allocations familiales (CAF) ou de la MSA"), "caf.fr, msa.fr"
)
OFFICIAL_PLACES = {
    "rsa": CAF,
    "ppa": CAF,
    "aides_logement": CAF,
    "af": CAF,
    "asf": CAF,
    "cf": CAF,
    "paje_base": CAF,
    "ars": CAF,
    "aah": OfficialPlace(
        gettext_lazy("de la Maison départementale des personnes handicapées (MDPH) de votre département"),
        "mdphenligne.cnsa.fr",
    ),
    "aspa": OfficialPlace(
        gettext_lazy("de votre caisse de retraite (l'Assurance retraite pour la plupart des personnes)"),
        "lassuranceretraite.fr",
    ),
    "cheque_energie": OfficialPlace(
        gettext_lazy(
            "du service du chèque énergie, qui l'envoie sans démarche d'après la déclaration de revenus"
        ),
        "chequeenergie.gouv.fr",
    ),
    "css": OfficialPlace(gettext_lazy("de votre caisse d'assurance maladie (CPAM)"), "ameli.fr"),
    "bourse_college": OfficialPlace(
        gettext_lazy("du collège de l'enfant (demande à la rentrée)"), "education.gouv.fr"
    ),
    "bourse_lycee": OfficialPlace(
        gettext_lazy("du lycée de l'enfant (demande au printemps ou à la rentrée)"), "education.gouv.fr"
    ),
}


def official_place(code: str) -> OfficialPlace | None:
    return OFFICIAL_PLACES.get(code)


def procedures_by_benefit(key: str = DEFINITION_KEY) -> dict[str, list]:
    """Published Guichet procedures, by the benefit codes their current version declares under `key`
    (the claims by default; `RELATED_KEY` for the procedures that complement a benefit)."""
    found: dict[str, list] = {}
    for procedure in procedure_selectors.published_procedures():
        version = procedure_selectors.current_version(procedure)
        codes = (version.definition or {}).get(key, []) if version else []
        for code in codes if isinstance(codes, list) else []:
            found.setdefault(str(code), []).append(procedure)
    return found


@transaction.atomic
def start_matching_procedure(*, questionnaire: Questionnaire, slug: str, actor=None):
    """Open a draft of the procedure, pre-filled with what the questionnaire knows.

    Returns the drafts.StartedDossier (its follow-up code is shown once, like any new dossier).
    """
    procedure = procedure_selectors.published_procedures().filter(slug=slug).first()
    if procedure is None:
        raise InvalidInput(_("Cette démarche n'est pas ouverte pour le moment."))
    if not questionnaire.result:
        raise InvalidInput(_("Terminez d'abord la simulation."))
    eligible = {b["code"] for b in questionnaire.result.get("benefits", []) if b.get("eligible")}
    matching = {
        code
        for key in (DEFINITION_KEY, RELATED_KEY)
        for code, found in procedures_by_benefit(key).items()
        if procedure in found
    }
    if not eligible & matching:
        raise InvalidInput(_("Cette démarche ne correspond à aucune aide de votre simulation."))
    person = actor if actor is not None and actor.is_authenticated else None
    with_aidant = questionnaire.aidant_id is not None
    usager = questionnaire.usager if questionnaire.usager_id else (None if with_aidant else person)
    started = drafts.start_dossier(
        procedure=procedure,
        channel=Channel.AIDANT if with_aidant else Channel.ONLINE,
        actor=person,
        usager=usager,
    )
    drafts.save_answers(dossier_id=started.dossier.pk, values=procedure_answers(questionnaire.answers))
    record(
        action="screening.demarche_preremplie",
        actor=person,
        channel=Channel.AIDANT if with_aidant else Channel.ONLINE,
        organisation_id=procedure.organisation_id,
        subject_type="simulation",
        subject_id=str(questionnaire.pk),
        on_behalf_of_id=questionnaire.usager_id,
        data={"dossier": str(started.dossier.pk), "demarche": procedure.slug},
    )
    return started
