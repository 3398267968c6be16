"""A responsable sets up appointments at the places of their structures: motifs, weekly openings, closed
days. Every change is journaled. (Draw windows: fair.open_window.)"""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from guichet.appointments.models import ClosedDay, Motif, WeeklyOpening
from guichet.core.exceptions import InvalidInput
from guichet.core.journal import record

MOTIF_FIELDS = (
    "label", "duration_minutes", "modality", "documents_to_bring", "capacity", "bookable_online",
    "bookable_by_agent", "bookable_by_aidant", "bookable_by_prescriber", "fair_mode", "booking_horizon_days",
    "min_notice_hours", "active",
)  # fmt: skip


def _journal(action: str, *, actor, organisation_id, subject_id, data=None) -> None:
    record(
        action=action, actor=actor, organisation_id=organisation_id, subject_type="motif_rendez_vous",
        subject_id=str(subject_id), data=data or {},
    )  # fmt: skip


@transaction.atomic
def save_motif(*, place, actor, data: dict, motif: Motif | None = None) -> Motif:
    if not 5 <= data["duration_minutes"] <= 480:
        raise InvalidInput(_("La durée va de 5 minutes à 8 heures."))
    if motif is None:
        motif = Motif(place=place, organisation=place.organisation)
    for name in MOTIF_FIELDS:
        if name in data:
            setattr(motif, name, data[name])
    motif.save()
    _journal(
        "rendez_vous.motif_enregistre",
        actor=actor,
        organisation_id=motif.organisation_id,
        subject_id=motif.pk,
    )
    return motif


@transaction.atomic
def add_opening(*, motif: Motif, actor, weekday: int, starts, ends, valid_from, valid_until=None, agent=None):
    if starts >= ends:
        raise InvalidInput(_("L'heure de fin doit suivre l'heure de début."))
    if valid_until and valid_until < valid_from:
        raise InvalidInput(_("La fin de validité doit suivre son début."))
    opening = WeeklyOpening.objects.create(
        motif=motif, weekday=weekday, starts=starts, ends=ends, valid_from=valid_from, valid_until=valid_until,
        agent=agent,
    )  # fmt: skip
    _journal(
        "rendez_vous.ouverture_ajoutee",
        actor=actor,
        organisation_id=motif.organisation_id,
        subject_id=motif.pk,
    )
    return opening


@transaction.atomic
def remove_opening(*, opening: WeeklyOpening, actor) -> None:
    """Slots already booked stay booked; no new slot is offered from this opening."""
    motif = opening.motif
    opening.delete()
    _journal(
        "rendez_vous.ouverture_retiree",
        actor=actor,
        organisation_id=motif.organisation_id,
        subject_id=motif.pk,
    )


@transaction.atomic
def add_closed_day(*, place, actor, day: datetime.date, reason: str = "") -> ClosedDay:
    closed, _created = ClosedDay.objects.get_or_create(
        place=place, day=day, defaults={"reason": reason[:200]}
    )
    _journal(
        "rendez_vous.fermeture_ajoutee", actor=actor, organisation_id=place.organisation_id, subject_id=place.pk,
        data={"jour": day.isoformat()},
    )  # fmt: skip
    return closed
