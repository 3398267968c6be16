"""data·inclusion v1 structures, read and written with the schema's own package (`data-inclusion-schema`).

A structure is checked by `data_inclusion.schema.v1.Structure` (pydantic), its errors reported in French
with the field's name, then mapped to a place in the LaMednum shape Guichet keeps:
id → id, siret → pivot, description → présentation (the first 280 characters as the short one),
courriel / site_web → lists of one, horaires_accueil → horaires, accessibilite_lieu → fiche Accès Libre,
réseaux porteurs → typologie. data·inclusion's *services* come in a separate file: `import_services`
attaches their themes (data·inclusion's vocabulary, kept as it is) to the place of their structure.
"""

import pydantic
from data_inclusion.schema.v1 import Service, Structure
from django.utils.translation import gettext as _

SHORT = 280
# Required by LaMednum's standard, not by data·inclusion: a structure without them is still imported.
NOT_REQUIRED = ("pivot",)


def as_mednum_row(row: dict) -> tuple[dict, list[tuple[str, str]]]:
    """(a row in the LaMednum standard, [(field, French reason)]) for one data·inclusion structure."""
    data = {key: (None if value in ("", None) else value) for key, value in row.items()}
    if isinstance(data.get("reseaux_porteurs"), str):
        data["reseaux_porteurs"] = [v for v in data["reseaux_porteurs"].replace(";", "|").split("|") if v]
    try:
        structure = Structure.model_validate(data)
    except pydantic.ValidationError as exc:
        return {}, [
            (
                ".".join(str(p) for p in error["loc"]) or "structure",
                _("refusé par le schéma data·inclusion : %s") % error["msg"],
            )
            for error in exc.errors()
        ]
    description = structure.description or ""
    return {
        "id": structure.id,
        "pivot": structure.siret or "",
        "nom": structure.nom,
        "commune": structure.commune or "",
        "code_postal": structure.code_postal or "",
        "code_insee": structure.code_insee or "",
        "adresse": structure.adresse or "",
        "complement_adresse": structure.complement_adresse or "",
        "latitude": "" if structure.latitude is None else str(structure.latitude),
        "longitude": "" if structure.longitude is None else str(structure.longitude),
        "typologie": "|".join(sorted(r.value for r in structure.reseaux_porteurs or [])),
        "telephone": structure.telephone or "",
        "courriels": structure.courriel or "",
        "site_web": str(structure.site_web) if structure.site_web else "",
        "horaires": structure.horaires_accueil or "",
        "presentation_resume": description[:SHORT],
        "presentation_detail": description,
        "source": structure.source,
        "date_maj": structure.date_maj.isoformat(),
        "fiche_acces_libre": str(structure.accessibilite_lieu) if structure.accessibilite_lieu else "",
    }, []


def as_structure(place) -> dict:
    """A place as a data·inclusion v1 structure (validated by the schema's model before it is given)."""
    description = place.presentation_detail or place.presentation_resume or None
    data = {
        "source": place.source_mednum or place.source,
        "id": place.source_id,
        "nom": place.nom,
        "date_maj": place.date_maj,
        "description": description if description and len(description) >= 100 else None,
        "siret": place.pivot if place.pivot and len(place.pivot) == 14 and place.pivot.isdigit() else None,
        "commune": place.commune or None,
        "code_postal": place.code_postal or None,
        "code_insee": place.code_insee or None,
        "adresse": place.adresse or None,
        "complement_adresse": place.complement_adresse or None,
        "longitude": place.longitude,
        "latitude": place.latitude,
        "telephone": place.telephone or None,
        "courriel": place.courriels[0] if place.courriels else None,
        "site_web": place.site_web[0] if place.site_web else None,
        "horaires_accueil": place.horaires or None,
        "accessibilite_lieu": place.fiche_acces_libre or None,
    }
    return Structure.model_validate(data).model_dump(mode="json", exclude_none=True)


def check_service(row: dict) -> tuple[Service | None, list[tuple[str, str]]]:
    data = {key: (None if value in ("", None) else value) for key, value in row.items()}
    for key in ("thematiques", "publics", "modes_accueil", "modes_mobilisation", "mobilisable_par"):
        if isinstance(data.get(key), str):
            data[key] = [v for v in data[key].replace(";", "|").split("|") if v]
    try:
        return Service.model_validate(data), []
    except pydantic.ValidationError as exc:
        return None, [
            (
                ".".join(str(p) for p in error["loc"]) or "service",
                _("refusé par le schéma data·inclusion : %s") % error["msg"],
            )
            for error in exc.errors()
        ]
