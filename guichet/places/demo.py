"""Demo places: the standard's official example, and the places around the demo communes."""

from pathlib import Path

from guichet.accounts.models import Organisation
from guichet.places.models import Place
from guichet.places.services import imports
from guichet.procedures.models import Procedure

DATA = Path(__file__).parent / "data"
LINKS = {
    "ccas-villeneuve": ("CCAS de Villeneuve-sur-Lot", True),
    "france-services-villeneuve": ("France Services de Villeneuve-sur-Lot", True),
    "lien-numerique-47": ("Association Lien numérique 47", True),
}


def load_demo() -> list[str]:
    imports.import_places(data=(DATA / "mednum-exemple-valide.csv").read_bytes(), source="exemple-mednum")
    report = imports.import_places(data=(DATA / "demo-lieux.csv").read_bytes(), source="demo-villeneuve")
    for source_id, (name, aidants) in LINKS.items():
        place = Place.objects.filter(source="demo-villeneuve", source_id=source_id).first()
        organisation = Organisation.objects.filter(name=name).first()
        if place is None or organisation is None:
            continue
        place.organisation = organisation
        place.has_aidants = aidants
        place.save(update_fields=["organisation", "has_aidants"])
        place.procedures.set(Procedure.objects.filter(organisation=organisation, is_published=True))
    return [
        f"Lieux de démonstration : {Place.objects.count()} ({report.created} créés) ; recherche : /lieux/"
    ]
