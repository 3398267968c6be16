from django import template
from django.utils import timezone

from guichet.places import hours

register = template.Library()


@register.filter
def today_hours(place) -> str:
    """« Ouvert maintenant, jusqu'à 17 h » / « Fermé aujourd'hui, ouvre lundi à 9 h »."""
    return hours.today_in_words(hours.intervals_of(place), timezone.localtime())


@register.filter
def week_hours(place) -> list:
    return hours.week_in_words(hours.intervals_of(place))


@register.simple_tag
def places_of_procedure(procedure):
    """Where a procedure can be done in person (procedure pages load this tag: procedures does not
    import places, which builds on it)."""
    from guichet.places.selectors import places_for_procedure

    return list(places_for_procedure(procedure)[:5])


@register.simple_tag
def places_of_user(user):
    """The places of the organisations where this person works (their home page lists them)."""
    from guichet.accounts.selectors import active_memberships
    from guichet.places.selectors import places_of_organisations

    organisation_ids = {m.organisation_id for m in active_memberships(user)}
    return list(places_of_organisations(organisation_ids)[:20])


@register.filter
def is_stale(place) -> bool:
    """Not updated for 12 months: shown as possibly out of date, to the public and to its responsables."""
    from guichet.places.selectors import is_stale as stale

    return stale(place)


@register.filter
def works_in_places(user) -> bool:
    """An agent, an aidant or a responsable: they orient people and answer referrals."""
    from guichet.places.selectors import staff_organisation_ids

    return bool(staff_organisation_ids(user))
