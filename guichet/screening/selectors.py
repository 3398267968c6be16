"""Reads of the screening module: communes, questionnaires and caseloads."""

import csv
import functools
import gzip
import io
import re
from pathlib import Path

from django.db.models import Count

from guichet.core.names import normalise_place_name
from guichet.screening.models import Caseload, CaseloadHousehold, Questionnaire

# La Poste's official postal codes with their INSEE commune codes, as packaged by the Base Adresse
# Nationale (npm package `codes-postaux` 4.1.2, MIT): postal code, INSEE code, commune name.
POSTAL_CODES = Path(__file__).parent / "data" / "codes_postaux.csv.gz"


# Kept under this name for the screening forms.
normalise_commune = normalise_place_name


@functools.cache
def _postal_index() -> dict[str, list[tuple[str, str]]]:
    index: dict[str, list[tuple[str, str]]] = {}
    with gzip.open(POSTAL_CODES, "rb") as handle:
        for row in csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8")):
            index.setdefault(row["code_postal"], []).append((row["code_insee"], row["nom"]))
    return index


# Paris, Lyon and Marseille: La Poste gives the municipal district (arrondissement); the benefit rules
# (housing zones…) know the commune.
ARRONDISSEMENTS = (("751", "75056"), ("6938", "69123"), ("132", "13055"))


def _commune_of(code: str) -> str:
    return next((commune for prefix, commune in ARRONDISSEMENTS if code.startswith(prefix)), code)


def communes_for_postal_code(postal_code: str) -> list[tuple[str, str]]:
    """(INSEE code of the commune, name) of every commune this postal code serves."""
    return [
        (_commune_of(code), commune)
        for code, commune in _postal_index().get(re.sub(r"\s", "", postal_code), [])
    ]


def resolve_commune(postal_code: str, name: str) -> str | None:
    """The INSEE code of the commune with this postal code and name; None when unknown or ambiguous.

    A postal code alone is enough when it serves a single commune.
    """
    candidates = communes_for_postal_code(postal_code)
    codes = {code for code, _name in candidates}
    if len(codes) == 1:
        return codes.pop()
    wanted = normalise_commune(name)
    matching = {code for code, commune in candidates if normalise_commune(commune) == wanted}
    return matching.pop() if len(matching) == 1 else None


def commune_name(insee_code: str) -> str:
    for entries in _postal_index().values():
        for code, name in entries:
            if code == insee_code:
                return name
    return ""


def questionnaires_of(user):
    """What a logged-in person can reopen: their own questionnaires, and those they helped with."""
    if not user.is_authenticated:
        return Questionnaire.objects.none()
    return Questionnaire.objects.filter(usager=user) | Questionnaire.objects.filter(aidant=user)


def caseloads_of(organisation_ids) -> list[Caseload]:
    return list(
        Caseload.objects.filter(organisation_id__in=organisation_ids).select_related("organisation")[:100]
    )


def ranked_households(caseload: Caseload):
    """Likely unclaimed rights first: the highest total, then the most benefits."""
    return (
        CaseloadHousehold.objects.filter(caseload=caseload)
        .annotate(contact_count=Count("contacts"))
        .order_by("-total", "-eligible_count", "household_id")
    )


def benefit_labels() -> dict[str, str]:
    from guichet.screening.benefits import BENEFITS

    return {code: benefit.label for code, benefit in BENEFITS.items()}
