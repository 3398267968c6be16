from django import template
from django.utils import timezone

from guichet.places import hours

register = template.Library()


def _intervals(place):
    return [(i.weekday, i.start_minute, i.end_minute) for i in place.intervals.all()]


@register.filter
def today_hours(place) -> str:
    """« Ouvert maintenant, jusqu'à 17 h » / « Fermé aujourd'hui, ouvre lundi à 9 h »."""
    return hours.today_in_words(_intervals(place), timezone.localtime())


@register.filter
def week_hours(place) -> list:
    return hours.week_in_words(_intervals(place))


@register.simple_tag
def places_of_procedure(procedure):
    """Where a procedure can be done in person (procedure pages load this tag: procedures does not
    import places, which builds on it)."""
    from guichet.places.selectors import places_for_procedure

    return list(places_for_procedure(procedure)[:5])
