"""Many people at once on the last places of a slot: exactly the capacity is booked (PostgreSQL, real
connections; SQLite's in-memory test database has one connection and serialises writers)."""

import threading

import pytest
from django.db import connection, connections

from guichet.appointments.models import Booking, SlotLoad
from guichet.appointments.services import booking as services
from guichet.appointments.tests.factories import MONDAY, make_motif
from guichet.appointments.tests.test_slots import at

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs separate connections (PostgreSQL)")
def test_twenty_people_at_once_on_a_slot_for_three_give_three_bookings():
    motif = make_motif(capacity=3)
    people, barrier = 20, threading.Barrier(20)
    outcomes, errors = [], []

    def attempt(index):
        try:
            barrier.wait(timeout=10)
            services.book(
                motif=motif,
                starts_at=at(MONDAY, 9),
                channel="online",
                person_name=f"Personne {index}",
                phone="06 12 34 56 78",
                now=at(MONDAY, 7),
            )
            outcomes.append("booked")
        except services.SlotTaken:
            outcomes.append("taken")
        except Exception as error:  # reported by the test, not lost in the thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert outcomes.count("booked") == 3 and outcomes.count("taken") == people - 3
    assert Booking.objects.filter(starts_at=at(MONDAY, 9)).count() == 3
    assert SlotLoad.objects.get(motif=motif, starts_at=at(MONDAY, 9)).booked == 3
