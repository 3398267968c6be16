"""Reads of the places directory: the search a person or an aidant makes, and the places of a procedure."""

import datetime
import math
import re

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from guichet.accounts.models import Role
from guichet.accounts.selectors import active_memberships, organisations_where
from guichet.places import communes
from guichet.places.models import OpeningInterval, Place, Referral


def open_at(moment) -> Exists:
    minute = moment.hour * 60 + moment.minute
    return Exists(
        OpeningInterval.objects.filter(
            place=OuterRef("pk"), weekday=moment.weekday(), start_minute__lte=minute, end_minute__gt=minute
        )
    )


FREE = "Gratuit"
WALK_IN = "Se présenter"


def filtered(
    *,
    service: str = "",
    support: str = "",
    open_at_moment=None,
    free: bool = False,
    walk_in: bool = False,
    audience: str = "",
) -> QuerySet:
    places = Place.objects.filter(merged_into__isnull=True)
    if audience:
        places = places.filter(audience_text__contains=f"|{audience}|")
    if free:
        places = places.filter(fees_text__contains=f"|{FREE}|")
    if walk_in:
        places = places.filter(access_text__contains=f"|{WALK_IN}|")
    if service:
        places = places.filter(services_text__contains=f"|{service}|")
    if support:
        places = places.filter(supports_text__contains=f"|{support}|")
    if open_at_moment is not None:
        places = places.filter(open_at(open_at_moment))
    return places


class Found:
    """Search results, ranked: (id, distance) pairs, whose Place rows are loaded a page at a time.

    A 20 km circle in a city holds thousands of places of a 100,000-place directory: ranking works on
    three columns, and only the page shown is read whole (with `.distance_km` set)."""

    def __init__(self, ranked: list[tuple]):
        self.ranked = ranked

    def __len__(self) -> int:
        return len(self.ranked)

    def __getitem__(self, index):
        if isinstance(index, int):
            return self[index : index + 1][0]
        chosen = self.ranked[index]
        rows = Place.objects.in_bulk([place_id for place_id, _distance in chosen])
        places = []
        for place_id, distance in chosen:
            place = rows[place_id]
            place.distance_km = distance
            places.append(place)
        return places

    def __iter__(self):
        return iter(self[:])


def search(
    *,
    where: str,
    service: str = "",
    support: str = "",
    open_now: bool = False,
    now=None,
    distance_km: int = 20,
    free: bool = False,
    walk_in: bool = False,
    audience: str = "",
    open_at_moment=None,
) -> Found:
    """Places within `distance_km` of the commune (postal code or name) a person gives, nearest first,
    each with `.distance_km`; a service, a specific support and « ouvert maintenant » narrow it.

    Where the commune has no coordinates, the places of its postal code then its department are listed
    (`.distance_km` None). The distance filter is a bounding box in SQL (indexed), then the exact
    great-circle distance on those rows' coordinates only."""
    now = timezone.localtime(now)
    places = filtered(
        service=service,
        support=support,
        open_at_moment=open_at_moment or (now if open_now else None),
        free=free,
        walk_in=walk_in,
        audience=audience,
    )
    found = communes.find(where)
    origin = communes.centre(found)
    if origin is not None:
        lat, lon = origin
        dlat = distance_km / 111.0
        dlon = distance_km / (111.32 * max(math.cos(math.radians(lat)), 0.01))
        postal_codes = {code for commune in found for code in commune.postal_codes}
        # Two queries, not one with OR: the box alone lets the database use the coordinates index.
        columns = ("id", "latitude", "longitude", "nom")
        in_box = places.filter(
            latitude__range=(lat - dlat, lat + dlat), longitude__range=(lon - dlon, lon + dlon)
        ).values_list(*columns)
        unplaced = places.filter(latitude__isnull=True, code_postal__in=postal_codes).values_list(*columns)
        ranked = []
        for place_id, latitude, longitude, name in [*in_box, *unplaced]:
            distance = None if latitude is None else kilometres(lat, lon, latitude, longitude)
            if distance is None or distance <= distance_km:
                ranked.append((distance is None, distance or 0, name, place_id, distance))
        ranked.sort()
        return Found([(place_id, distance) for _none, _d, _name, place_id, distance in ranked])
    where = (where or "").strip()
    postal = re.sub(r"\s", "", where)
    if re.fullmatch(r"\d{5}", postal):
        department = postal[:3] if postal.startswith("97") else postal[:2]
        places = places.filter(code_postal__startswith=department)
        first = Q(code_postal=postal)
    else:
        places = places.filter(commune__icontains=where)
        first = Q(commune__iexact=where)
    ordered = places.annotate(here=Exists(Place.objects.filter(first, pk=OuterRef("pk")))).order_by(
        "-here", "nom"
    )
    return Found([(place_id, None) for place_id in ordered.values_list("id", flat=True)[:500]])


def kilometres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def places_for_procedure(procedure) -> QuerySet:
    """Where this procedure can be done in person: places linked to it, and those of its organisation."""
    return (
        Place.objects.filter(Q(procedures=procedure) | Q(organisation_id=procedure.organisation_id))
        .filter(merged_into__isnull=True)
        .distinct()
        .prefetch_related("intervals")
        .order_by("nom")
    )


def places_of_organisations(organisation_ids) -> QuerySet:
    return (
        Place.objects.filter(organisation_id__in=organisation_ids, merged_into__isnull=True)
        .prefetch_related("intervals")
        .order_by("nom")
    )


STALE_AFTER_DAYS = 365


def is_stale(place, today=None) -> bool:
    today = today or timezone.localdate()
    return (today - place.date_maj).days > STALE_AFTER_DAYS


def staff_organisation_ids(user) -> set:
    """Organisations where this person works (agent, aidant or responsable)."""
    if not user.is_authenticated:
        return set()
    staff = (Role.AGENT, Role.AIDANT, Role.RESPONSABLE)
    return {m.organisation_id for m in active_memberships(user) if m.role in staff}


def referrals_received(user):
    return Referral.objects.filter(place__organisation_id__in=staff_organisation_ids(user)).select_related(
        "place"
    )


def referrals_sent(user):
    return Referral.objects.filter(from_organisation_id__in=staff_organisation_ids(user)).select_related(
        "place"
    )


def responsable_organisation_ids(user) -> set:
    if not user.is_authenticated:
        return set()
    return set(organisations_where(user, Role.RESPONSABLE).values_list("pk", flat=True))


def next_moment(weekday: int, at, now=None):
    """The next time it is that weekday at that hour (today if it is still to come), in France."""
    now = timezone.localtime(now)
    days = (weekday - now.weekday()) % 7
    moment = (now + datetime.timedelta(days=days)).replace(
        hour=at.hour, minute=at.minute, second=0, microsecond=0
    )
    return moment if moment >= now else moment + datetime.timedelta(days=7)


def visible_place(place_id) -> Place:
    """A place listed in the directory (not merged into another), or 404."""
    from django.http import Http404

    place = Place.objects.filter(pk=place_id, merged_into__isnull=True).first()
    if place is None:
        raise Http404
    return place
