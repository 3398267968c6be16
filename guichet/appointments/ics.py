"""A booking as an iCalendar event (RFC 5545), for the person's own calendar."""

from django.utils import timezone
from icalendar import Calendar, Event, vText


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Guichet//Rendez-vous//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    return calendar


def booking_calendar(booking) -> bytes:
    """The person's own appointment."""
    calendar = _calendar("Rendez-vous")
    calendar.add_component(_event(booking, for_staff=False))
    return calendar.to_ical()


def agenda_calendar(bookings, name: str) -> bytes:
    """An agent's feed: who is expected, and how to reach them (the feed's address is secret)."""
    calendar = _calendar(name)
    for booking in bookings:
        calendar.add_component(_event(booking, for_staff=True))
    return calendar.to_ical()


def _event(booking, *, for_staff: bool) -> Event:
    place = booking.motif.place
    event = Event()
    event.add("uid", f"{booking.pk}@guichet")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", booking.starts_at)
    event.add("dtend", booking.ends_at)
    event.add(
        "summary",
        f"{booking.person_name} — {booking.motif.label}"
        if for_staff
        else f"Rendez-vous : {booking.motif.label}",
    )
    event["location"] = vText(f"{place.nom}, {place.adresse}, {place.code_postal} {place.commune}")
    description = f"Référence {booking.reference}."
    if booking.motif.documents_to_bring:
        description += f" À apporter : {booking.motif.documents_to_bring}"
    if for_staff and booking.phone:
        description += f" Téléphone : {booking.phone}."
    event.add("description", description)
    event.add("status", "CANCELLED" if booking.status == "annule" else "CONFIRMED")
    return event
