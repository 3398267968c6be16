"""Demo motifs and openings at the demo places, and bookings on several channels."""

import datetime

from django.utils import timezone

from guichet.appointments.models import Booking, Motif, WeeklyOpening
from guichet.appointments.selectors import slots_of
from guichet.appointments.services.booking import book
from guichet.places.models import Place

MOTIFS = {
    "ccas-villeneuve": [
        ("Demande d'aide au logement d'urgence", 30, "Pièce d'identité, dernier avis d'imposition, bail", 1),
        ("Domiciliation : premier rendez-vous", 45, "Pièce d'identité si vous en avez une", 1),
    ],
    "france-services-villeneuve": [
        ("Aide pour une démarche en ligne (CAF, impôts, ANTS)", 30, "Vos identifiants si vous en avez", 2),
    ],
}


def load_demo() -> list[str]:
    if Motif.objects.exists():
        return []
    created = 0
    today = timezone.localdate()
    for source_id, motifs in MOTIFS.items():
        place = Place.objects.filter(source="demo-villeneuve", source_id=source_id).first()
        if place is None or place.organisation_id is None:
            continue
        for label, minutes, documents, capacity in motifs:
            motif = Motif.objects.create(
                place=place,
                organisation=place.organisation,
                label=label,
                duration_minutes=minutes,
                documents_to_bring=documents,
                capacity=capacity,
            )
            for weekday in (0, 1, 3):  # lundi, mardi, jeudi
                WeeklyOpening.objects.create(
                    motif=motif,
                    weekday=weekday,
                    starts=datetime.time(9),
                    ends=datetime.time(12),
                    valid_from=today,
                )
            WeeklyOpening.objects.create(
                motif=motif, weekday=2, starts=datetime.time(14), ends=datetime.time(17), valid_from=today
            )
            created += 1
    motif = Motif.objects.filter(place__source_id="ccas-villeneuve").order_by("label").first()
    if motif is not None:
        slots = slots_of(motif)
        people = [
            ("online", "Awa Traoré", "06 12 34 56 78", ""),
            ("phone", "Jean Martin", "", "12 rue des Cordeliers\n47300 Villeneuve-sur-Lot"),
            ("counter", "Fatima Benali", "05 53 40 00 00", "3 place Lafayette\n47300 Villeneuve-sur-Lot"),
        ]
        for slot, (channel, name, phone, address) in zip(slots[3::5], people, strict=False):
            book(motif=motif, starts_at=slot.starts_at, channel=channel, person_name=name, phone=phone,
                 postal_address=address)  # fmt: skip
    return [
        f"Rendez-vous : {created} motifs, {Booking.objects.count()} rendez-vous ; prise de rendez-vous : /lieux/"
    ]
