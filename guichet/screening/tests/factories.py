"""Screening test data that needs no engine: answers as a person types them, a caseload already screened."""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from guichet.screening.models import Caseload, CaseloadHousehold

ALONE_ANSWERS = {
    "foyer": {"en_couple": "non", "nb_enfants": "0", "nb_autres": "0"},
    "personne-0": {"date_naissance": "14/03/1990", "statut": "chomage", "taux_incapacite": ""},
    "ressources-0": {
        "salaires_3_mois": "",
        "chomage_3_mois": "1 500",
        "retraite_3_mois": "",
        "salaires_annee_derniere": "",
    },
    "logement": {
        "code_insee": "",
        "code_postal": "47300",
        "commune": "Villeneuve-sur-Lot",
        "statut_occupation": "locataire_vide",
        "loyer": "450",
    },
}

PARENT_ANSWERS = {
    "foyer": {"en_couple": "non", "nb_enfants": "2", "nb_autres": "0"},
    "personne-0": {"date_naissance": "02/02/1988", "statut": "salarie", "taux_incapacite": ""},
    "ressources-0": {
        "salaires_3_mois": "2 400",
        "chomage_3_mois": "",
        "retraite_3_mois": "",
        "salaires_annee_derniere": "9 000",
    },
    "personne-1": {"date_naissance": "01/09/2013", "scolarite": "college", "taux_incapacite": ""},
    "personne-2": {"date_naissance": "05/05/2020", "scolarite": "", "taux_incapacite": ""},
    "logement": {
        "code_insee": "",
        "code_postal": "47300",
        "commune": "Villeneuve-sur-Lot",
        "statut_occupation": "locataire_vide",
        "loyer": "520",
    },
}

OUTPUT = (
    "household_id,rsa,ppa,aides_logement,total\nF2,0.00,0.00,120.00,120.00\nF1,500.00,0.00,300.00,800.00\n"
)
ERRORS = "ligne,household_id,raison\n4,F3,date_naissance : indiquez une date\n"


def screened_caseload(organisation, **kwargs) -> Caseload:
    """A caseload in the state the background job leaves it: files on disk, households ranked."""
    caseload = Caseload(
        organisation=organisation,
        label="foyers.csv",
        period="2026-01",
        status=Caseload.Status.DONE,
        households_total=2,
        households_ok=2,
        rows_invalid=1,
        delete_after=timezone.now() + datetime.timedelta(days=30),
        **kwargs,
    )
    caseload.input_file.save(
        "entree.csv", ContentFile(b"household_id,role,date_naissance,depcom\n"), save=False
    )
    caseload.output_file.save("resultats.csv", ContentFile(OUTPUT.encode()), save=False)
    caseload.errors_file.save("erreurs.csv", ContentFile(ERRORS.encode()), save=False)
    caseload.save()
    CaseloadHousehold.objects.create(
        caseload=caseload,
        household_id="F1",
        total=Decimal("800.00"),
        eligible_count=3,
        amounts={"rsa": "500.00", "ppa": "0.00", "aides_logement": "300.00", "css": "gratuite"},
    )
    CaseloadHousehold.objects.create(
        caseload=caseload,
        household_id="F2",
        total=Decimal("120.00"),
        eligible_count=1,
        amounts={"rsa": "0.00", "ppa": "0.00", "aides_logement": "120.00", "css": ""},
    )
    return caseload
