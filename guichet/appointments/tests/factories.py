import datetime

from guichet.accounts.tests.factories import OrganisationFactory
from guichet.appointments.models import Motif, WeeklyOpening
from guichet.places.models import Place

MONDAY = datetime.date(2027, 3, 1)  # a Monday, no public holiday that week


def make_place(*, code_postal="47300", organisation=None):
    return Place.objects.create(
        source="test",
        source_id=f"lieu-{Place.objects.count()}",
        nom="CCAS de Villeneuve-sur-Lot",
        commune="Villeneuve-sur-Lot",
        code_postal=code_postal,
        adresse="12 boulevard de la République",
        date_maj=datetime.date(2026, 1, 1),
        organisation=organisation or OrganisationFactory(),
    )


def make_motif(*, place=None, capacity=1, weekdays=(0, 1, 2, 3, 4), **fields):
    place = place or make_place()
    motif = Motif.objects.create(
        place=place,
        organisation=place.organisation,
        label=fields.pop("label", "Aide au logement"),
        duration_minutes=fields.pop("duration_minutes", 30),
        capacity=capacity,
        min_notice_hours=fields.pop("min_notice_hours", 0),
        **fields,
    )
    for weekday in weekdays:
        WeeklyOpening.objects.create(
            motif=motif,
            weekday=weekday,
            starts=datetime.time(9),
            ends=datetime.time(11),
            valid_from=datetime.date(2026, 1, 1),
        )
    return motif
