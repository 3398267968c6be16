"""Demo data: a completed questionnaire for the demo usager, a screened caseload for the CCAS. Idempotent."""

from pathlib import Path

from guichet.accounts.models import Organisation, Role, User
from guichet.screening.forms_caseload import current_month
from guichet.screening.models import Caseload, Questionnaire
from guichet.screening.services import caseload as caseload_service
from guichet.screening.services import questionnaire as service

DEMO_CASELOAD = Path(__file__).parent / "data" / "foyers-demo.csv"
CCAS = "CCAS de Villeneuve-sur-Lot"

# Jeannine Leroy, 68, alone, a small pension, housed by her sister in Villeneuve-sur-Lot.
JEANNINE_ANSWERS = {
    "foyer": {"en_couple": "non", "nb_enfants": "0", "nb_autres": "0"},
    "personne-0": {"date_naissance": "14/03/1958", "statut": "retraite", "taux_incapacite": ""},
    "ressources-0": {
        "salaires_3_mois": "",
        "chomage_3_mois": "",
        "retraite_3_mois": "2 737,20",
        "salaires_annee_derniere": "",
    },
    "logement": {
        "code_insee": "",
        "code_postal": "47300",
        "commune": "Villeneuve-sur-Lot",
        "statut_occupation": "heberge_gratuit",
        "loyer": "",
    },
}


def load_demo() -> list[str]:
    usager = User.objects.filter(username__iexact="usager").first()
    if usager is not None and not Questionnaire.objects.filter(usager=usager).exists():
        questionnaire = service.start_questionnaire(usager=usager)
        for page_key, values in JEANNINE_ANSWERS.items():
            service.save_page(questionnaire_id=questionnaire.pk, page_key=page_key, values=values)
        service.compute_rights(questionnaire_id=questionnaire.pk, actor=usager)
    ccas = Organisation.objects.filter(name=CCAS).first()
    responsable = User.objects.filter(
        memberships__organisation=ccas, memberships__role=Role.RESPONSABLE
    ).first()
    if ccas is not None and not Caseload.objects.filter(organisation=ccas, label=DEMO_CASELOAD.name).exists():
        caseload_service.upload_caseload(
            organisation=ccas,
            actor=responsable,
            name=DEMO_CASELOAD.name,
            raw=DEMO_CASELOAD.read_bytes(),
            period=current_month(),
        )
    return []
