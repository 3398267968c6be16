"""The same place listed by two sources (a France Services in two networks' files): found, shown to a
responsable, merged only when they say so — never silently.

Candidates: two places of different sources, in the same postal code, less than 200 m apart (or with the
same address), with similar names. Merging keeps the first place, gives it what Guichet added to the
other (its organisation, procedures, aidants) and hides the other from searches (`merged_into`), with
a journal entry; nothing is deleted.
"""

import difflib
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from guichet.core.exceptions import InvalidInput
from guichet.core.journal import record
from guichet.places.communes import normalise
from guichet.places.models import Place
from guichet.places.selectors import kilometres

NEAR_KM = 0.2
SIMILAR_NAMES = 0.75


@dataclass(frozen=True)
class Candidate:
    first: Place
    second: Place
    distance_km: float | None
    similarity: float


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, normalise(a), normalise(b)).ratio()


def candidates(places=None) -> list[Candidate]:
    """Likely duplicates among `places` (default: all places not merged), by postal code."""
    places = places if places is not None else Place.objects.filter(merged_into__isnull=True)
    by_postal: dict[str, list[Place]] = {}
    for place in places.order_by("code_postal", "source", "nom"):
        by_postal.setdefault(place.code_postal, []).append(place)
    found = []
    for group in by_postal.values():
        for index, first in enumerate(group):
            for second in group[index + 1 :]:
                if first.source == second.source:
                    continue
                distance = (
                    kilometres(first.latitude, first.longitude, second.latitude, second.longitude)
                    if None not in (first.latitude, second.latitude)
                    else None
                )
                same_address = normalise(first.adresse) == normalise(second.adresse)
                if not same_address and (distance is None or distance > NEAR_KM):
                    continue
                similarity = _similar(first.nom, second.nom)
                if similarity >= SIMILAR_NAMES:
                    found.append(Candidate(first, second, distance, similarity))
    return found


@transaction.atomic
def merge(*, keep: Place, other: Place, actor) -> Place:
    if keep.pk == other.pk:
        raise InvalidInput(_("Choisissez deux lieux différents."))
    if other.merged_into_id is not None:
        raise InvalidInput(_("Ce lieu a déjà été fusionné."))
    keep.organisation = keep.organisation or other.organisation
    keep.has_aidants = keep.has_aidants or other.has_aidants
    keep.languages = sorted(set(keep.languages) | set(other.languages))
    keep.updated_by = actor
    keep.save()
    keep.procedures.add(*other.procedures.all())
    other.merged_into = keep
    other.save(update_fields=["merged_into", "updated_at"])
    record(
        action="lieu.fusionne",
        actor=actor,
        organisation_id=keep.organisation_id,
        subject_type="lieu",
        subject_id=str(keep.pk),
        data={"lieu_fusionne": str(other.pk), "source": other.source, "id_source": other.source_id},
    )
    return keep
