from guichet.accounts.tests.factories import OrganisationFactory
from guichet.procedures.services import catalogue

SIMPLE = {
    "sections": [
        {
            "key": "identite",
            "title": "Identité",
            "fields": [
                {"key": "nom", "type": "text", "label": "Nom", "required": True},
                {"key": "naissance", "type": "date", "label": "Date de naissance", "required": True},
                {"key": "enfants", "type": "yesno", "label": "Des enfants ?", "required": True},
                {
                    "key": "nb_enfants",
                    "type": "number",
                    "label": "Nombre d'enfants",
                    "required": True,
                    "show_if": {"field": "enfants", "equals": "oui"},
                },
            ],
        },
        {
            "key": "banque",
            "title": "Banque",
            "fields": [{"key": "iban", "type": "iban", "label": "IBAN", "required": False}],
        },
    ],
    "documents": [
        {
            "key": "identite_doc",
            "label": "Pièce d'identité",
            "required": True,
            "accept": ["pdf", "png"],
            "max_size_mb": 1,
        }
    ],
}
VALID_ANSWERS = {"nom": "Camille Durand", "naissance": "1980-05-04", "enfants": "non"}
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def published_procedure(
    organisation=None, *, definition=None, implicit="rejection", days=30, slug=None, unit="jours"
):
    organisation = organisation or OrganisationFactory()
    procedure = catalogue.create_procedure(
        organisation=organisation,
        title="Aide de test",
        category="social",
        slug=slug or f"aide-{organisation.pk.hex[:8]}",
        publish=True,
    )
    catalogue.publish_version(
        procedure=procedure,
        definition=definition or SIMPLE,
        instruction_delay=days,
        instruction_unit=unit,
        implicit_decision=implicit,
    )
    return procedure
