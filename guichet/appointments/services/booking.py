"""Booking, cancelling and finding a booking again: one service for every channel.

The slot's last place is taken by one conditional UPDATE (`booked = booked + 1 WHERE booked < capacity`),
which the database runs atomically on SQLite and PostgreSQL alike, under a check constraint that refuses
more than the capacity: two people never hold the same last place.
"""

from __future__ import annotations

import datetime
import secrets

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.appointments.models import Booking, CodeFailure, Motif, SlotLoad
from guichet.appointments.selectors import CHANNEL_FLAG, slots_of
from guichet.appointments.services.messages import confirm_booking
from guichet.core.channels import Channel
from guichet.core.exceptions import InvalidInput
from guichet.core.journal import record
from guichet.core.phone import normalize_phone, region_of_address
from guichet.procedures.services.common import (
    CODE_ALPHABET,
    code_fingerprint,
    fingerprint_matches,
    new_followup_code,
)

MAX_FAILURES = 5
FAILURE_WINDOW = datetime.timedelta(minutes=15)


class SlotTaken(InvalidInput):
    """The slot was taken in the meantime; `alternatives` are the nearest free ones."""

    def __init__(self, message, alternatives):
        super().__init__(message)
        self.alternatives = alternatives


def new_references(model, prefix: str, count: int = 1) -> list[str]:
    """`count` new references for `model`: the prefix and eight characters (bookings « RDV-7KQ2M9XD », draw
    requests « TIR-… »), checked unused in one query per round (a collision is rare)."""
    references: set[str] = set()
    while len(references) < count:
        wanted = {
            prefix + "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
            for _ in range(count - len(references))
        }
        wanted -= set(model.objects.filter(reference__in=wanted).values_list("reference", flat=True))
        references |= wanted
    return list(references)


def _new_reference() -> str:
    return new_references(Booking, "RDV-")[0]


def _contact(
    *, motif: Motif, phone: str, email: str, postal_address: str, required: bool = True
) -> tuple[str, str, str]:
    phone = (phone or "").strip()
    postal_address = (postal_address or "").strip()
    if phone:
        region = region_of_address(postal_address or "") or region_of_address(motif.place.code_postal)
        phone = normalize_phone(phone, region=region)
    email = (email or "").strip()
    if required and not (phone or email or postal_address):
        raise InvalidInput(
            _(
                "Indiquez un numéro de téléphone ou une adresse postale, pour que le service puisse vous prévenir."
            )
        )
    return phone, email, postal_address


def book(
    *,
    motif: Motif,
    starts_at: datetime.datetime,
    channel: str,
    person_name: str,
    phone: str = "",
    email: str = "",
    postal_address: str = "",
    booked_by=None,
    mandate=None,
    by_prescriber: bool = False,
    submission_key: str | None = None,
    now: datetime.datetime | None = None,
    contact_required: bool = True,
) -> tuple[Booking, str | None]:
    """(booking, its code); the code is None when this submission already booked (a double click)."""
    if submission_key:
        existing = Booking.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing, None
    flag = "bookable_by_prescriber" if by_prescriber else CHANNEL_FLAG.get(channel)
    if flag is None or not getattr(motif, flag) or not motif.active:
        raise InvalidInput(_("Ce motif ne se réserve pas de cette façon."))
    if motif.fair_mode and channel == Channel.ONLINE:
        raise InvalidInput(_("Ce motif est attribué par tirage au sort : faites une demande."))
    person_name = " ".join((person_name or "").split())
    if not person_name:
        raise InvalidInput(_("Indiquez le nom de la personne attendue."))
    phone, email, postal_address = _contact(
        motif=motif, phone=phone, email=email, postal_address=postal_address, required=contact_required
    )
    now = now or timezone.now()
    slot = _offered(motif, starts_at, now)
    if slot is None:
        raise _taken(motif, starts_at, now)
    code = new_followup_code()
    try:
        with transaction.atomic():
            # The place first: a full slot answers at once, without computing anything else.
            taken = SlotLoad.objects.filter(
                motif=motif, starts_at=starts_at, booked__lt=F("capacity")
            ).update(booked=F("booked") + 1)
            if not taken:
                if _load(motif, starts_at).booked < motif.capacity:  # first booking of this slot
                    taken = SlotLoad.objects.filter(
                        motif=motif, starts_at=starts_at, booked__lt=F("capacity")
                    ).update(booked=F("booked") + 1)
                if not taken:
                    raise _taken(motif, starts_at, now)
            booking = Booking.objects.create(
                reference=_new_reference(),
                code_hash=code_fingerprint(code),
                motif=motif,
                starts_at=starts_at,
                ends_at=slot.ends_at,
                channel=channel,
                by_prescriber=by_prescriber,
                person_name=person_name[:200],
                phone=phone,
                email=email,
                postal_address=postal_address,
                booked_by=booked_by,
                agent_id=slot.agent_id,
                mandate=mandate,
                submission_key=submission_key or None,
            )
            record(
                action="rendez_vous.pris",
                actor=booked_by,
                channel=channel,
                organisation_id=motif.organisation_id,
                subject_type="rendez_vous",
                subject_id=str(booking.pk),
                mandate_id=getattr(mandate, "pk", None),
                on_behalf_of_id=getattr(mandate, "usager_id", None),
                data={"motif": str(motif.pk), "debut": starts_at.isoformat(), "prescripteur": by_prescriber},
            )
            confirm_booking(booking, code)
    except IntegrityError:
        if submission_key:  # the same form sent twice at once: the first one booked
            existing = Booking.objects.filter(submission_key=submission_key).first()
            if existing is not None:
                return existing, None
        raise
    return booking, code


def _load(motif: Motif, starts_at) -> SlotLoad:
    load = SlotLoad.objects.filter(motif=motif, starts_at=starts_at).first()
    if load is not None:
        return load
    try:
        with transaction.atomic():
            return SlotLoad.objects.create(motif=motif, starts_at=starts_at, capacity=motif.capacity)
    except IntegrityError:  # created by someone else meanwhile
        return SlotLoad.objects.get(motif=motif, starts_at=starts_at)


def _offered(motif: Motif, starts_at, now):
    """The slot starting at `starts_at` if the motif offers it (openings, holidays, notice, horizon),
    computed on that day only; whether a place is left is the conditional UPDATE's business."""
    for slot in slots_of(motif, now=now, around=starts_at):
        if slot.starts_at == starts_at:
            return slot
    return None


def _taken(motif: Motif, starts_at, now) -> SlotTaken:
    """The error for a slot gone, with the free slots nearest to it: three days either side, else the
    whole horizon (a full week)."""
    nearby = slots_of(motif, now=now, around=starts_at, spread=3) or slots_of(motif, now=now)
    nearest = sorted(nearby, key=lambda slot: abs((slot.starts_at - starts_at).total_seconds()))
    return SlotTaken(
        _("Ce créneau vient d'être pris ou n'est plus proposé. Voici les créneaux libres les plus proches."),
        sorted(nearest[:5], key=lambda slot: slot.starts_at),
    )


def matching_code(queryset, *, reference: str, code: str):
    """The object of `queryset` with this reference whose code matches (a booking, a fair-mode request);
    slowed down after repeated failures on a reference, like the dossier code. Not atomic on purpose: the
    failure must stay recorded when the error is raised."""
    reference = (reference or "").strip().upper()
    recent = CodeFailure.objects.filter(reference=reference, at__gte=timezone.now() - FAILURE_WINDOW).count()
    if recent >= MAX_FAILURES:
        raise InvalidInput(
            _(
                "Trop d'essais pour cette référence. Réessayez dans 15 minutes, ou appelez le lieu du rendez-vous."
            )
        )
    found = queryset.filter(reference=reference).first()
    if found is None or not fingerprint_matches(found.code_hash, code):
        CodeFailure.objects.create(reference=reference[:20])
        raise InvalidInput(_("La référence ou le code ne correspond pas. Vérifiez les deux, tels que reçus."))
    return found


def check_code(*, reference: str, code: str) -> Booking:
    return matching_code(Booking.objects.select_related("motif__place"), reference=reference, code=code)


@transaction.atomic
def release(*, booking: Booking, actor=None, channel: str = Channel.ONLINE, now=None) -> Booking:
    """Cancel a booking and free its place (cancelling.cancel also offers it to a waitlist)."""
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status not in (Booking.Status.BOOKED, Booking.Status.OFFERED):
        return booking
    if booking.status == Booking.Status.OFFERED:  # a place offered from the waitlist, declined
        from guichet.appointments.models import DrawRequest

        DrawRequest.objects.filter(booking=booking).update(status=DrawRequest.Status.WITHDRAWN)
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = now or timezone.now()
    booking.save(update_fields=["status", "cancelled_at"])
    SlotLoad.objects.filter(motif=booking.motif_id, starts_at=booking.starts_at, booked__gt=0).update(
        booked=F("booked") - 1
    )
    record(
        action="rendez_vous.annule",
        actor=actor,
        channel=channel,
        organisation_id=booking.motif.organisation_id,
        subject_type="rendez_vous",
        subject_id=str(booking.pk),
    )
    return booking


@transaction.atomic
def record_outcome(*, booking: Booking, seen: bool, actor) -> Booking:
    """The agent says whether the person came."""
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status == Booking.Status.CANCELLED:
        raise InvalidInput(_("Ce rendez-vous a été annulé."))
    booking.status = Booking.Status.SEEN if seen else Booking.Status.NO_SHOW
    booking.save(update_fields=["status"])
    record(
        action="rendez_vous.honore" if seen else "rendez_vous.absence",
        actor=actor,
        channel=Channel.COUNTER,
        organisation_id=booking.motif.organisation_id,
        subject_type="rendez_vous",
        subject_id=str(booking.pk),
    )
    return booking


def book_under_mandate(*, mandate, aidant, motif: Motif, starts_at, now=None) -> tuple[Booking, str | None]:
    """An habilitated aidant books for the person who gave the mandate, within its scope: journaled under
    the mandate, so the person reads it in « Qui a agi pour moi ? ». Without a phone or an email on the
    person's account, the aidant hands the reference and code over."""
    from guichet.mandates.selectors import covers, valid_mandates_for

    if (
        not valid_mandates_for(usager=mandate.usager, organisation=mandate.organisation)
        .filter(pk=mandate.pk)
        .exists()
    ):
        raise InvalidInput(_("Ce mandat n'est plus valable : il faut un mandat en cours pour agir."))
    if motif.procedure_id and not covers(mandate, motif.procedure):
        raise InvalidInput(_("Ce rendez-vous concerne une démarche que le mandat ne couvre pas."))
    usager = mandate.usager
    return book(
        motif=motif,
        starts_at=starts_at,
        channel=Channel.AIDANT,
        person_name=usager.get_full_name() or usager.get_username(),
        phone=usager.phone,
        email=usager.email,
        booked_by=aidant,
        mandate=mandate,
        now=now,
        contact_required=False,
    )
