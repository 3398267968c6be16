"""Fair mode: requests collected during a window, slots drawn by lot, a waitlist that serves every channel.

The draw, in one sentence anyone can check: each request's ticket is SHA-256(seed ":" reference); the
requests are taken in increasing ticket order; those made by phone, at the counter or through an aidant
first take the places kept for them (`offline_percent` of the places, spread evenly), then everyone, in
the same order,
takes the other places, earliest slot first; the others form the waitlist in the same order. The seed's
SHA-256 is published when the window opens, the seed at the draw: `verify_draw` replays it.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.appointments.models import DrawRequest, DrawWindow, Motif, SlotLoad
from guichet.appointments.selectors import CHANNEL_FLAG
from guichet.appointments.services import messages
from guichet.appointments.slots import free_slots
from guichet.core.channels import Channel
from guichet.core.exceptions import InvalidInput
from guichet.core.journal import record
from guichet.core.phone import normalize_phone
from guichet.procedures.services.common import code_fingerprint, new_followup_code

BATCH = 5000


def _keyed(text: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def identity_key(person_name: str, birth_date: datetime.date) -> str:
    """The same person however the name is typed: case, accents, order of the words, hyphens."""
    text = unicodedata.normalize("NFKD", person_name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    words = sorted("".join(ch if ch.isalnum() else " " for ch in text).split())
    return _keyed(f"identite:{' '.join(words)}:{birth_date.isoformat()}")


def network_key(address: str) -> str:
    return _keyed(f"reseau:{address}") if address else ""


def ticket(seed: str, reference: str) -> str:
    return hashlib.sha256(f"{seed}:{reference}".encode()).hexdigest()


@transaction.atomic
def open_window(
    *,
    motif: Motif,
    opens_at,
    closes_at,
    slots_from: datetime.date,
    slots_until: datetime.date,
    offline_percent: int = 0,
    release_hours: int = 48,
    actor=None,
) -> DrawWindow:
    if not motif.fair_mode:
        raise InvalidInput(_("Le mode équitable n'est pas activé pour ce motif."))
    if closes_at <= opens_at:
        raise InvalidInput(_("Le tirage doit avoir lieu après l'ouverture des demandes."))
    if not 0 <= offline_percent <= 100:
        raise InvalidInput(_("La part des places gardées hors ligne va de 0 à 100 %."))
    if slots_until < slots_from or slots_from < closes_at.date():
        raise InvalidInput(_("Les créneaux tirés doivent suivre le tirage."))
    seed = secrets.token_hex(32)
    window = DrawWindow.objects.create(
        motif=motif,
        opens_at=opens_at,
        closes_at=closes_at,
        slots_from=slots_from,
        slots_until=slots_until,
        offline_percent=offline_percent,
        release_hours=release_hours,
        seed=seed,
        seed_hash=hashlib.sha256(seed.encode()).hexdigest(),
    )
    record(
        action="tirage.ouvert",
        actor=actor,
        organisation_id=motif.organisation_id,
        subject_type="tirage",
        subject_id=str(window.pk),
        data={"empreinte_graine": window.seed_hash, "tirage_le": closes_at.isoformat()},
    )
    return window


def _new_reference() -> str:
    from guichet.appointments.services.booking import new_references

    return new_references(DrawRequest, "TIR-")[0]


def request_place(
    *,
    window: DrawWindow,
    channel: str,
    person_name: str,
    birth_date: datetime.date,
    phone: str = "",
    email: str = "",
    postal_address: str = "",
    network: str = "",
    network_limit: int | None = None,
    booked_by=None,
    mandate=None,
    challenge_signature: str | None = None,
    now=None,
) -> tuple[DrawRequest, str]:
    """A request in an open window: one active request per identity and per phone number (the database
    refuses a second one); `network_limit` requests per network address and window (online only)."""
    now = now or timezone.now()
    motif = window.motif
    if not (window.opens_at <= now < window.closes_at) or window.drawn_at:
        raise InvalidInput(_("Les demandes pour ce tirage ne sont pas ouvertes."))
    flag = CHANNEL_FLAG.get(channel)
    if flag is None or not getattr(motif, flag):
        raise InvalidInput(_("Ce motif ne se demande pas de cette façon."))
    person_name = " ".join((person_name or "").split())
    if not person_name:
        raise InvalidInput(_("Indiquez le nom de la personne."))
    phone = normalize_phone(phone) if (phone or "").strip() else ""
    email, postal_address = (email or "").strip(), (postal_address or "").strip()
    if not (phone or email or postal_address):
        raise InvalidInput(
            _("Indiquez un numéro de téléphone ou une adresse postale, pour recevoir le résultat.")
        )
    net = network_key(network)
    if net and network_limit is not None:
        recent = DrawRequest.objects.filter(window=window, network_key=net).count()
        if recent >= network_limit:
            raise InvalidInput(
                _(
                    "Trop de demandes depuis cette connexion pour ce tirage. Si vous aidez plusieurs personnes, "
                    "passez par le guichet ou appelez le service."
                )
            )
    flags = []
    if net and DrawRequest.objects.filter(window=window, network_key=net).exists():
        flags.append(_("même connexion qu'une autre demande"))
    if email and DrawRequest.objects.filter(window=window, email__iexact=email).exists():
        flags.append(_("même courriel qu'une autre demande"))
    code = new_followup_code()
    try:
        with transaction.atomic():
            request = DrawRequest.objects.create(
                window=window,
                reference=_new_reference(),
                code_hash=code_fingerprint(code),
                channel=channel,
                person_name=person_name[:200],
                birth_date=birth_date,
                phone=phone,
                email=email,
                postal_address=postal_address,
                identity_key=identity_key(person_name, birth_date),
                phone_key=_keyed(f"tel:{phone}") if phone else "",
                network_key=net,
                booked_by=booked_by,
                mandate=mandate,
                flags=flags,
                challenge_signature=challenge_signature,
            )
            record(
                action="tirage.demande",
                actor=booked_by,
                channel=channel,
                organisation_id=motif.organisation_id,
                subject_type="tirage",
                subject_id=str(window.pk),
                mandate_id=getattr(mandate, "pk", None),
                data={"demande": request.reference},
            )
    except IntegrityError as error:
        raise InvalidInput(
            _(
                "Une demande est déjà en cours pour cette personne ou ce numéro de téléphone dans ce tirage : "
                "une seule demande par personne, pour que chacun ait la même chance."
            )
        ) from error
    return request, code


# ---------------------------------------------------------------------------------------------------- draw


@dataclass
class Place:
    starts_at: datetime.datetime
    reserved: bool


def places_of(window: DrawWindow, now) -> list[Place]:
    """Every free place of the window's slots, earliest first; `offline_percent` of them, spread evenly
    (one in four for 25 %), are kept for offline requests."""
    motif = window.motif
    loads = dict(SlotLoad.objects.filter(motif=motif).values_list("starts_at", "booked"))
    days = (window.slots_until - now.date()).days
    starts = []
    for slot in free_slots(
        motif, openings=list(motif.openings.all()), closed_days=set(motif.place.closed_days.values_list("day", flat=True)),
        loads=loads, now=now, days=max(days, 0),
    ):  # fmt: skip
        if slot.starts_at.date() >= window.slots_from:
            starts += [slot.starts_at] * slot.remaining
    share = window.offline_percent
    return [
        Place(start, (index + 1) * share // 100 > index * share // 100) for index, start in enumerate(starts)
    ]


def assign(places: list[Place], participants: list[tuple[str, str, str]]):
    """The draw itself, pure: `participants` are (ticket, reference, channel). Returns
    ({reference: starts_at}, [reference on the waitlist, in order])."""
    ordered = sorted(participants)
    reserved = [p for p in places if p.reserved]
    general = [p for p in places if not p.reserved]
    given: dict[str, datetime.datetime] = {}
    offline = [reference for _t, reference, channel in ordered if channel != Channel.ONLINE]
    for reference, place in zip(offline, reserved, strict=False):
        given[reference] = place.starts_at
    remaining = [reference for _t, reference, _c in ordered if reference not in given]
    for reference, place in zip(remaining, general, strict=False):
        given[reference] = place.starts_at
    waitlist = [reference for _t, reference, _c in ordered if reference not in given]
    return given, waitlist


def draw(*, window: DrawWindow, now=None) -> dict:
    """Close the window: tickets, places, bookings for the winners, the waitlist; reveal the seed."""
    from guichet.appointments.services.drawn import create_drawn_bookings

    now = now or timezone.now()
    with transaction.atomic():
        window = DrawWindow.objects.select_for_update().select_related("motif__place").get(pk=window.pk)
        if window.drawn_at:
            raise InvalidInput(_("Ce tirage a déjà eu lieu."))
        if now < window.closes_at:
            raise InvalidInput(_("Les demandes sont encore ouvertes."))
        places = places_of(window, now)
        rows = list(
            DrawRequest.objects.filter(window=window, status=DrawRequest.Status.WAITING).values_list(
                "pk", "reference", "channel"
            )
        )
        tickets = {reference: ticket(window.seed, reference) for _pk, reference, _c in rows}
        given, waitlist = assign(places, [(tickets[r], r, c) for _pk, r, c in rows])
        ranks = {reference: index + 1 for index, reference in enumerate(waitlist)}
        pks = {reference: pk for pk, reference, _c in rows}
        _write_results(
            [(pks[r], tickets[r], DrawRequest.Status.ASSIGNED, None, given[r]) for r in given]
            + [(pks[r], tickets[r], DrawRequest.Status.WAITLIST, ranks[r], None) for r in waitlist]
        )
        create_drawn_bookings(window=window, given={pks[r]: start for r, start in given.items()})
        window.drawn_at = now
        window.places = [[place.starts_at.isoformat(), place.reserved] for place in places]
        window.save(update_fields=["drawn_at", "places"])
        record(
            action="tirage.effectue",
            organisation_id=window.motif.organisation_id,
            subject_type="tirage",
            subject_id=str(window.pk),
            data={
                "graine": window.seed,
                "empreinte_graine": window.seed_hash,
                "demandes": len(rows),
                "places": len(places),
                "attribuees": len(given),
            },
        )
        window_id = str(window.pk)
        transaction.on_commit(lambda: messages.tell_draw_results.enqueue(window_id))
    return {"requests": len(rows), "places": len(places), "assigned": len(given), "waitlist": len(waitlist)}


def _write_results(results) -> None:
    """(pk, ticket, status, rank, drawn slot) of every request. On PostgreSQL one UPDATE … FROM unnest()
    of five arrays (a window of 100,000 requests in a few seconds, where Django's bulk_update, a CASE WHEN
    per row, took minutes); on SQLite, in-process, one prepared UPDATE per row (executemany)."""
    from django.db import connection

    table = DrawRequest._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            columns = list(zip(*results, strict=True)) if results else [[], [], [], [], []]
            cursor.execute(
                f"UPDATE {table} AS r SET ticket = v.ticket, status = v.status, rank = v.rank, "  # noqa: S608
                "drawn_slot = v.slot FROM unnest(%s::uuid[], %s::text[], %s::text[], %s::int[], "
                "%s::timestamptz[]) AS v(id, ticket, status, rank, slot) WHERE r.id = v.id",
                [list(column) for column in columns],
            )
            return
        adapt = connection.ops.adapt_datetimefield_value
        cursor.executemany(
            f"UPDATE {table} SET ticket = %s, status = %s, rank = %s, drawn_slot = %s WHERE id = %s",  # noqa: S608
            [
                (ticket_value, status, rank, adapt(slot), pk.hex)
                for pk, ticket_value, status, rank, slot in results
            ],
        )


def verify(window: DrawWindow) -> list[str]:
    """What does not match in a draw (French), empty when it replays exactly."""
    problems = []
    if not window.drawn_at:
        return [_("Ce tirage n'a pas encore eu lieu.")]
    if hashlib.sha256(window.seed.encode()).hexdigest() != window.seed_hash:
        problems.append(_("La graine révélée ne correspond pas à l'empreinte publiée à l'ouverture."))
    places = [Place(datetime.datetime.fromisoformat(start), reserved) for start, reserved in window.places]
    rows = list(
        DrawRequest.objects.filter(window=window)
        .exclude(ticket="")
        .values_list("reference", "channel", "ticket", "drawn_slot", "rank")
    )
    for reference, _channel, stored, _slot, _rank in rows:
        if ticket(window.seed, reference) != stored:
            problems.append(_("Ticket de %s : ne correspond pas à la graine.") % reference)
    given, waitlist = assign(places, [(ticket(window.seed, r), r, c) for r, c, _t, _s, _k in rows])
    ranks = {reference: index + 1 for index, reference in enumerate(waitlist)}
    for reference, _channel, _ticket, slot, rank in rows:
        if given.get(reference) != slot or ranks.get(reference) != rank:
            problems.append(_("Résultat de %s : ne correspond pas au tirage rejoué.") % reference)
    late = DrawRequest.objects.filter(window=window, ticket="", created_at__lt=window.closes_at)
    late = late.exclude(status=DrawRequest.Status.WITHDRAWN)
    if late.exists():
        problems.append(_("%d demande(s) faite(s) à temps n'ont pas pris part au tirage.") % late.count())
    return problems


# ------------------------------------------------------------------------------------------------ waitlist


def open_window_of(motif: Motif, now=None) -> DrawWindow | None:
    now = now or timezone.now()
    return (
        DrawWindow.objects.filter(motif=motif, opens_at__lte=now, closes_at__gt=now, drawn_at__isnull=True)
        .order_by("closes_at")
        .first()
    )


def check_request_code(*, reference: str, code: str) -> DrawRequest:
    """The request if reference and code match; throttled like a booking code."""
    from guichet.appointments.services.booking import matching_code

    requests = DrawRequest.objects.select_related("window__motif__place", "booking")
    return matching_code(requests, reference=reference, code=code)
