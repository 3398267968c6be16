"""Reads of the places directory: the search a person or an aidant makes, and the places of a procedure."""

import re

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from guichet.places.models import OpeningInterval, Place


def open_at(moment) -> Exists:
    minute = moment.hour * 60 + moment.minute
    return Exists(
        OpeningInterval.objects.filter(
            place=OuterRef("pk"), weekday=moment.weekday(), start_minute__lte=minute, end_minute__gt=minute
        )
    )


def search(*, where: str, service: str = "", support: str = "", open_now: bool = False, now=None) -> QuerySet:
    """Places of a postal code (then of its department), or of a commune by name; a service, a specific
    support and « ouvert maintenant » narrow it. The places of the exact postal code come first."""
    now = timezone.localtime(now)
    where = (where or "").strip()
    places = Place.objects.all()
    postal = re.sub(r"\s", "", where)
    if re.fullmatch(r"\d{5}", postal):
        department = postal[:3] if postal.startswith("97") else postal[:2]
        places = places.filter(code_postal__startswith=department)
    elif where:
        places = places.filter(commune__icontains=where)
    if service:
        places = places.filter(services_text__contains=f"|{service}|")
    if support:
        places = places.filter(supports_text__contains=f"|{support}|")
    if open_now:
        places = places.filter(open_at(now))
    first = Q(code_postal=postal) if re.fullmatch(r"\d{5}", postal) else Q(commune__iexact=where)
    return places.annotate(here=Exists(Place.objects.filter(first, pk=OuterRef("pk")))).order_by(
        "-here", "nom"
    )


def places_for_procedure(procedure) -> QuerySet:
    """Where this procedure can be done in person: places linked to it, and those of its organisation."""
    return (
        Place.objects.filter(Q(procedures=procedure) | Q(organisation_id=procedure.organisation_id))
        .distinct()
        .prefetch_related("intervals")
        .order_by("nom")
    )


def places_of_organisations(organisation_ids) -> QuerySet:
    return (
        Place.objects.filter(organisation_id__in=organisation_ids)
        .prefetch_related("intervals")
        .order_by("nom")
    )
