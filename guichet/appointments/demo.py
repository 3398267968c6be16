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
    _fair_demo(today)
    return [
        f"Rendez-vous : {created} motifs, {Booking.objects.count()} rendez-vous ; prise de rendez-vous : /lieux/"
    ]


def _fair_demo(today) -> None:
    """A scarce motif in fair mode: one window open now (requests on every channel), one already drawn."""
    from guichet.appointments.services import fair

    place = Place.objects.filter(source="demo-villeneuve", source_id="france-services-villeneuve").first()
    if place is None or place.organisation_id is None:
        return
    motif = Motif.objects.create(
        place=place,
        organisation=place.organisation,
        label="Titre de séjour : premier rendez-vous",
        duration_minutes=30,
        documents_to_bring="Passeport, justificatif de domicile, photos d'identité",
        fair_mode=True,
        booking_horizon_days=60,
    )
    for weekday in (1, 3):  # mardi, jeudi
        WeeklyOpening.objects.create(
            motif=motif, weekday=weekday, starts=datetime.time(9), ends=datetime.time(11), valid_from=today
        )
    now = timezone.now()
    past = fair.open_window(
        motif=motif,
        opens_at=now - datetime.timedelta(days=10),
        closes_at=now - datetime.timedelta(hours=1),
        slots_from=today + datetime.timedelta(days=1),
        slots_until=today + datetime.timedelta(days=14),
        offline_percent=25,
    )
    people = [
        ("online", "Amadou Diallo", "06 11 22 33 ", ""),
        ("online", "Nour Haddad", "06 22 33 44 ", ""),
        ("phone", "Lucie Bernard", "", "8 rue de Paris\n47300 Villeneuve-sur-Lot"),
        ("counter", "Karim Mansour", "", "2 allée des Lilas\n47300 Villeneuve-sur-Lot"),
    ]
    for index in range(22):
        channel, name, phone, address = people[index % len(people)]
        fair.request_place(
            window=past, channel=channel, person_name=f"{name} {index + 1}", birth_date=datetime.date(1985, 1, 1),
            phone=f"{phone}{index:02d}" if phone else "",
            postal_address=address or "1 place de la Libération\n47300 Villeneuve-sur-Lot",
            now=now - datetime.timedelta(days=5),
        )  # fmt: skip
    fair.draw(window=past, now=now)
    fair.open_window(
        motif=motif,
        opens_at=now - datetime.timedelta(hours=2),
        closes_at=now + datetime.timedelta(days=7),
        slots_from=today + datetime.timedelta(days=15),
        slots_until=today + datetime.timedelta(days=45),
        offline_percent=25,
    )
