"""The directory as open data: `GET /api/v1/places`, in the LaMednum standard, no token needed."""

import datetime
from typing import Literal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from guichet.core.exceptions import InvalidInput
from guichet.places import inclusion, schema, selectors
from guichet.places.services import exports

router = Router(tags=["Lieux"])
MAX_PAGE_SIZE = 200


class PlacesQuery(Schema):
    commune: str = Field("", description="Code postal (5 chiffres) ou nom de commune ; vide : tous les lieux")
    distance: int = Field(20, ge=1, le=200, description="Rayon en km autour de la commune")
    service: str = Field("", description="Une valeur du champ « services » du standard")
    public: str = Field("", description="Une valeur de « prise_en_charge_specifique »")
    ouvert_le: datetime.datetime | None = Field(None, description="Ouvert à ce moment (ISO 8601)")
    format: Literal["mednum", "data-inclusion"] = Field(
        "mednum",
        description="mednum : standard LaMednum v1.0.2 ; data-inclusion : structures data·inclusion v1",
    )
    page: int = Field(1, ge=1, le=100_000)  # an OFFSET beyond 64 bits fails in SQLite
    taille: int = Field(50, ge=1, le=MAX_PAGE_SIZE)


class PlacesOut(Schema):
    total: int
    page: int
    taille: int
    lieux: list[dict] = Field(
        description="Lieux au standard de la médiation numérique v1.0.2 (valeurs texte)"
    )


@router.get("/places", response=PlacesOut, auth=None, summary="Lieux d'aide (données ouvertes)")
def list_places(request, filters: Query[PlacesQuery]):
    if filters.service and filters.service not in schema.vocabulary("services"):
        raise InvalidInput(_("Service inconnu du standard : %s.") % filters.service)
    moment = filters.ouvert_le
    if moment is not None:
        # Without an offset, the time is read in France's time, as a person means it.
        moment = timezone.localtime(moment if timezone.is_aware(moment) else timezone.make_aware(moment))
    if filters.commune:
        found = selectors.search(
            where=filters.commune,
            service=filters.service,
            support=filters.public,
            open_now=moment is not None,
            now=moment,
            distance_km=filters.distance,
        )
    else:
        found = selectors.filtered(
            service=filters.service, support=filters.public, open_at_moment=moment
        ).order_by("source", "source_id")
    start = (filters.page - 1) * filters.taille
    return {
        "total": len(found) if isinstance(found, selectors.Found) else found.count(),
        "page": filters.page,
        "taille": filters.taille,
        "lieux": [
            inclusion.as_structure(place) if filters.format == "data-inclusion" else exports.as_row(place)
            for place in found[start : start + filters.taille]
        ],
    }
