from django import template

from guichet.appointments import selectors

register = template.Library()


@register.inclusion_tag("appointments/includes/book_link.html")
def booking_link(place):
    """« Prendre rendez-vous » on a place's page, when the place offers motifs booked online."""
    return {"place": place, "offered": selectors.place_has_online_motifs(place)}
