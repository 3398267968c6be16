"""A booking as an iCalendar event (RFC 5545), for the person's own calendar."""

from django.utils import timezone
from icalendar import Calendar, Event, vText


def booking_calendar(booking) -> bytes:
    place = booking.motif.place
    calendar = Calendar()
    calendar.add("prodid", "-//Guichet//Rendez-vous//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"{booking.pk}@guichet")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", booking.starts_at)
    event.add("dtend", booking.ends_at)
    event.add("summary", f"Rendez-vous : {booking.motif.label}")
    event["location"] = vText(f"{place.nom}, {place.adresse}, {place.code_postal} {place.commune}")
    description = f"Référence {booking.reference}."
    if booking.motif.documents_to_bring:
        description += f" À apporter : {booking.motif.documents_to_bring}"
    event.add("description", description)
    event.add("status", "CANCELLED" if booking.status == "annule" else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()
