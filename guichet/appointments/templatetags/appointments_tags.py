from django import template

from guichet.appointments import selectors

register = template.Library()


@register.inclusion_tag("appointments/includes/book_link.html")
def booking_link(place):
    """« Prendre rendez-vous » on a place's page, when the place offers motifs booked online."""
    return {"place": place, "offered": selectors.place_has_online_motifs(place)}


@register.inclusion_tag("appointments/includes/motif_links.html")
def booking_links_for_procedure(procedure, title=""):
    """On a dossier waiting for the person: appointments about its procedure (to bring the pieces)."""
    return {"motifs": selectors.online_motifs_for_procedure(procedure), "title": title}


@register.inclusion_tag("appointments/includes/motif_links.html")
def booking_links_near(postal_code, title=""):
    """After a screening: appointments to be helped near the household's postal code."""
    return {"motifs": selectors.online_motifs_near(postal_code), "title": title}


@register.filter
def at_place(booking):
    """The booking's start at the place's own time (an agent in Paris reading a Réunion agenda)."""
    from guichet.appointments.slots import timezone_of

    return booking.starts_at.astimezone(timezone_of(booking.motif.place.code_postal))
