"""What the appointments module holds about people: who is expected at a booking (name, phone, e-mail,
address), who asked for a place in a draw (the same, and a birth date), failed code attempts.

- **Retention**: GUICHET_RETENTION_APPOINTMENT_DAYS after the slot (or after the draw for a request that
  got none), the name and contacts are wiped: the booking keeps its motif, date, channel and outcome
  (seen, no-show), which the observatory counts, and a draw request keeps its reference and ticket, which
  `verify_draw` replays. Code attempts go after GUICHET_RETENTION_LOGIN_LOG_DAYS.
- **Export**: the bookings and requests made for a person with an account (under a mandate) or by them.
- **Erasure**: those are pseudonymised the same way; nothing obliges to keep them.
"""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from guichet.appointments.models import Booking, CodeFailure, DrawRequest
from guichet.core.privacy import RetentionResult
from guichet.core.privacy.services import cutoff

WIPED = {"person_name": "", "phone": "", "email": "", "postal_address": ""}
BIRTH_DATE_WIPED = datetime.date(1900, 1, 1)  # the column is required; this day stands for « effacée »


def _wipe(bookings, requests) -> None:
    bookings.update(**WIPED)
    requests.update(**WIPED, birth_date=BIRTH_DATE_WIPED, phone_key="", network_key="")


def retention(*, now, dry_run: bool) -> list[RetentionResult]:
    days = settings.GUICHET_RETENTION_APPOINTMENT_DAYS
    limit = cutoff(days, now=now)
    bookings = Booking.objects.filter(ends_at__lt=limit).exclude(person_name="")
    requests = DrawRequest.objects.filter(window__closes_at__lt=limit).exclude(person_name="")
    requests = requests.filter(Q(booking__isnull=True) | Q(booking__ends_at__lt=limit))
    failures = CodeFailure.objects.filter(at__lt=cutoff(settings.GUICHET_RETENTION_LOGIN_LOG_DAYS, now=now))
    results = [
        RetentionResult(_("Rendez-vous passés"), _("plus de %d jours après le rendez-vous") % days,
                        bookings.count(), _("nom et coordonnées effacés")),
        RetentionResult(_("Demandes de tirage au sort"), _("plus de %d jours après le tirage") % days,
                        requests.count(), _("nom, date de naissance et coordonnées effacés")),
        RetentionResult(_("Essais de code de rendez-vous"), _("plus de %d jours") % settings.GUICHET_RETENTION_LOGIN_LOG_DAYS,
                        failures.count(), _("supprimé(s)")),
    ]  # fmt: skip
    if not dry_run:
        _wipe(bookings, requests)
        failures.delete()
    return results


def _of(person):
    bookings = Booking.objects.filter(Q(mandate__usager=person) | Q(booked_by=person)).select_related(
        "motif__place"
    )
    requests = DrawRequest.objects.filter(Q(mandate__usager=person) | Q(booked_by=person))
    return bookings, requests


def export(person) -> dict:
    bookings, requests = _of(person)
    return {
        "rendez_vous": [
            {
                "reference": b.reference,
                "motif": b.motif.label,
                "lieu": b.motif.place.nom,
                "debut": b.starts_at.isoformat(),
                "canal": b.channel,
                "etat": b.get_status_display(),
                "nom": b.person_name,
                "telephone": b.phone,
                "courriel": b.email,
                "adresse": b.postal_address,
            }
            for b in bookings
        ],
        "demandes_de_tirage": [
            {
                "reference": r.reference,
                "nom": r.person_name,
                "etat": r.get_status_display(),
                "canal": r.channel,
            }
            for r in requests
        ],
    }


def erasure_refusals(person) -> list[str]:
    return []


def erase(person) -> None:
    bookings, requests = _of(person)
    _wipe(bookings, requests)
