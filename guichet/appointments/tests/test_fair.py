"""Fair mode: a window, one request per identity, a reproducible lottery anyone can check, places kept for
offline requests, and a waitlist that serves people booked by an agent exactly as online ones."""

import datetime
import hashlib
import random

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given, settings
from hypothesis import strategies as st

from guichet.appointments.models import Booking, DrawRequest
from guichet.appointments.services import booking as booking_services
from guichet.appointments.services import cancelling, fair, messages, waitlist
from guichet.appointments.tests.factories import MONDAY, make_motif
from guichet.appointments.tests.test_slots import at
from guichet.core.exceptions import InvalidInput
from guichet.core.journal.models import JournalEntry
from guichet.core.models import Notification

pytestmark = pytest.mark.django_db
OPENS = at(MONDAY - datetime.timedelta(days=14), 8)
CLOSES = at(MONDAY - datetime.timedelta(days=7), 8)
BORN = datetime.date(1980, 5, 1)


def window(capacity=1, offline_percent=0, weekdays=(0,)):
    motif = make_motif(fair_mode=True, capacity=capacity, weekdays=weekdays, booking_horizon_days=60)
    return fair.open_window(
        motif=motif, opens_at=OPENS, closes_at=CLOSES, slots_from=MONDAY, slots_until=MONDAY,
        offline_percent=offline_percent,
    )  # fmt: skip


def ask(win, name, channel="online", phone="", **fields):
    fields.setdefault("postal_address", "3 place Lafayette 47300")
    return fair.request_place(
        window=win, channel=channel, person_name=name, birth_date=fields.pop("birth_date", BORN), phone=phone,
        now=OPENS + datetime.timedelta(hours=1), **fields,
    )  # fmt: skip


def test_the_seed_hash_is_published_at_opening_and_the_seed_only_at_the_draw():
    win = window()
    opened = JournalEntry.objects.get(action="tirage.ouvert")
    assert opened.data["empreinte_graine"] == win.seed_hash
    assert win.seed not in str(opened.data)
    ask(win, "Awa Traoré")
    fair.draw(window=win, now=CLOSES)
    drawn = JournalEntry.objects.get(action="tirage.effectue")
    assert hashlib.sha256(drawn.data["graine"].encode()).hexdigest() == win.seed_hash


def test_one_active_request_per_identity_however_the_name_is_typed_and_per_phone():
    win = window()
    ask(win, "Awa Traoré", phone="06 12 34 56 78")
    with pytest.raises(InvalidInput, match="une seule demande par personne"):
        ask(win, "traore  AWA")
    with pytest.raises(InvalidInput, match="une seule demande par personne"):
        ask(win, "Jean Martin", phone="+33 6 12 34 56 78")
    ask(win, "Awa Traoré", birth_date=datetime.date(2001, 1, 1))  # another person with the same name


def test_requests_from_one_network_are_limited_and_flagged():
    win = window()
    ask(win, "Awa Traoré", network="203.0.113.7", network_limit=2)
    second, _code = ask(win, "Jean Martin", network="203.0.113.7", network_limit=2)
    assert second.flags == ["même connexion qu'une autre demande"]
    with pytest.raises(InvalidInput, match="Trop de demandes depuis cette connexion"):
        ask(win, "Fatima Benali", network="203.0.113.7", network_limit=2)


def test_the_window_must_be_open():
    win = window()
    with pytest.raises(InvalidInput, match="pas ouvertes"):
        fair.request_place(window=win, channel="online", person_name="Awa", birth_date=BORN,
                           postal_address="x", now=CLOSES)  # fmt: skip


def test_online_booking_of_a_fair_motif_is_refused_and_points_to_the_request():
    win = window()
    with pytest.raises(InvalidInput, match="tirage au sort"):
        booking_services.book(motif=win.motif, starts_at=at(MONDAY, 9), channel="online", person_name="Awa",
                              phone="0612345678", now=OPENS)  # fmt: skip


def test_the_draw_assigns_the_places_books_the_winners_and_verify_draw_replays_it(capsys):
    win = window()  # Monday 9:00-11:00, 30 minutes, capacity 1: 4 places
    for index in range(7):
        ask(win, f"Personne {index}")
    outcome = fair.draw(window=win, now=CLOSES)
    assert outcome == {"requests": 7, "places": 4, "assigned": 4, "waitlist": 3}
    assert Booking.objects.filter(status=Booking.Status.BOOKED).count() == 4
    assert sorted(DrawRequest.objects.exclude(rank=None).values_list("rank", flat=True)) == [1, 2, 3]
    call_command("verify_draw", str(win.pk))
    assert "Tirage vérifié" in capsys.readouterr().out
    with pytest.raises(InvalidInput, match="déjà eu lieu"):
        fair.draw(window=win, now=CLOSES)


def test_a_tampered_result_or_seed_is_reported_by_verify_draw():
    win = window()
    for index in range(6):
        ask(win, f"Personne {index}")
    fair.draw(window=win, now=CLOSES)
    loser = DrawRequest.objects.filter(status=DrawRequest.Status.WAITLIST).first()
    winner = DrawRequest.objects.filter(status=DrawRequest.Status.ASSIGNED).first()
    DrawRequest.objects.filter(pk=loser.pk).update(drawn_slot=winner.drawn_slot, rank=None)
    with pytest.raises(CommandError, match="ne se rejoue pas"):
        call_command("verify_draw", str(win.pk))
    win.refresh_from_db()
    win.seed = "0" * 64
    win.save()
    assert any("empreinte" in problem for problem in fair.verify(win))


def test_places_reserved_for_offline_requests_go_to_them_first():
    win = window(capacity=2, offline_percent=50)  # 4 slots x 2 places, half kept offline: 4 + 4
    for index in range(10):
        ask(win, f"En ligne {index}")
    for index in range(2):
        ask(win, f"Au guichet {index}", channel="counter")
    fair.draw(window=win, now=CLOSES)
    offline = DrawRequest.objects.filter(channel="counter")
    assert all(request.status == DrawRequest.Status.ASSIGNED for request in offline)
    assert DrawRequest.objects.filter(channel="online", status=DrawRequest.Status.ASSIGNED).count() == 4
    # two reserved places nobody offline took: kept, not given online at the draw
    assert Booking.objects.filter(status=Booking.Status.BOOKED).count() == 6


def test_a_cancellation_goes_to_the_next_in_line_even_one_booked_by_an_agent_with_no_phone():
    win = window()  # 4 places
    for index in range(5):
        ask(win, f"Personne {index}", phone=f"06 12 34 56 7{index}")
    by_agent, _code = ask(win, "Jean Martin", channel="phone")  # a postal address only
    fair.draw(window=win, now=CLOSES)
    # whatever the lottery gave, put the person booked by an agent first in line: the waitlist must
    # serve them as it serves anyone
    by_agent.refresh_from_db()
    if by_agent.status == DrawRequest.Status.ASSIGNED:
        cancelling.cancel(booking=by_agent.booking, now=CLOSES)
        DrawRequest.objects.filter(status=DrawRequest.Status.OFFERED).update(
            status=DrawRequest.Status.WAITLIST
        )
        Booking.objects.filter(status=Booking.Status.OFFERED).update(status=Booking.Status.BOOKED)
    DrawRequest.objects.filter(pk=by_agent.pk).update(
        status=DrawRequest.Status.WAITLIST, rank=0, booking=None
    )
    cancelled = (
        Booking.objects.filter(status=Booking.Status.BOOKED).exclude(person_name="Jean Martin").first()
    )
    Notification.objects.all().delete()
    cancelling.cancel(booking=cancelled, now=CLOSES + datetime.timedelta(hours=1))
    by_agent.refresh_from_db()
    assert by_agent.status == DrawRequest.Status.OFFERED and by_agent.booking.starts_at == cancelled.starts_at
    assert not Notification.objects.exists()  # no mobile, no email: an agent calls (list of calls to make)
    # not accepted in time: the next one in line is offered the place, by SMS
    waitlist.expire_offers(now=CLOSES + datetime.timedelta(hours=30))
    by_agent.refresh_from_db()
    following = DrawRequest.objects.get(status=DrawRequest.Status.OFFERED)
    assert by_agent.status == DrawRequest.Status.EXPIRED and following.phone
    assert Notification.objects.get().kind == "sms"
    booking = waitlist.accept_offer(request=following, now=CLOSES + datetime.timedelta(hours=31))
    assert booking.status == Booking.Status.BOOKED and booking.starts_at == cancelled.starts_at
    with pytest.raises(InvalidInput, match="Aucune place"):
        waitlist.accept_offer(request=following, now=CLOSES + datetime.timedelta(hours=31))


def test_the_hourly_command_draws_what_is_due():
    win = window()
    ask(win, "Awa Traoré")
    assert waitlist.run_due(now=CLOSES + datetime.timedelta(minutes=5))["drawn"] == 1
    win.refresh_from_db()
    assert win.drawn_at is not None


@settings(max_examples=25, deadline=None)
@given(seed=st.text(alphabet="0123456789abcdef", min_size=64, max_size=64))
def test_the_draw_is_a_pure_function_of_the_seed(seed):
    places = [fair.Place(at(MONDAY, 9), False), fair.Place(at(MONDAY, 10), True)]
    people = [(fair.ticket(seed, f"TIR-{i}"), f"TIR-{i}", "online" if i % 3 else "phone") for i in range(20)]
    first = fair.assign(places, list(people))
    shuffled = list(people)
    random.Random(1).shuffle(shuffled)
    assert fair.assign(places, shuffled) == first  # the order requests arrived in does not matter


def test_every_request_has_the_same_chance_chi_square():
    """20 requests for 5 places, 4,000 draws with different seeds: each request wins about 1,000 times.
    Chi-square with 19 degrees of freedom: above 43.8 happens by chance once in a thousand runs."""
    places = [fair.Place(at(MONDAY, 9 + i), False) for i in range(5)]
    references = [f"TIR-{i:04d}" for i in range(20)]
    wins = dict.fromkeys(references, 0)
    draws = 4000
    for n in range(draws):
        seed = hashlib.sha256(f"graine-{n}".encode()).hexdigest()
        given_places, _waitlist = fair.assign(
            places, [(fair.ticket(seed, r), r, "online") for r in references]
        )
        for reference in given_places:
            wins[reference] += 1
    expected = draws * len(places) / len(references)
    chi_square = sum((count - expected) ** 2 / expected for count in wins.values())
    assert chi_square < 43.8, wins


def test_everyone_is_told_the_result_through_their_channel_once():
    win = window()  # 4 places
    for index in range(5):
        ask(win, f"Personne {index}", phone=f"06 12 34 56 7{index}")
    ask(win, "Jean Martin", channel="phone")  # a postal address only
    fair.draw(window=win, now=CLOSES)
    Notification.objects.all().delete()
    assert messages.tell_draw_results.call(str(win.pk)) == 6
    kinds = sorted(Notification.objects.values_list("kind", flat=True))
    assert kinds == ["letter", "sms", "sms", "sms", "sms", "sms"]
    bodies = " ".join(Notification.objects.values_list("body", flat=True))
    assert "vous avez une place" in bodies and "liste d'attente" in bodies
    assert messages.tell_draw_results.call(str(win.pk)) == 0  # a second run tells nobody twice


def test_verify_draw_explains_a_draw_not_yet_made_and_an_unknown_id():
    win = window()
    with pytest.raises(CommandError, match="pas encore eu lieu"):
        call_command("verify_draw", str(win.pk))
    with pytest.raises(CommandError, match="introuvable"):
        call_command("verify_draw", "pas-un-identifiant")
