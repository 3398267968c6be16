"""What a person is told about their appointment, through their own channel: the confirmation, a place
offered from a waitlist, the result of a draw; and a date in words, at the place's time."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import task

from guichet.appointments.models import Booking, DrawRequest
from guichet.appointments.slots import timezone_of
from guichet.core.notifications.services import send_notification
from guichet.core.phone import can_receive_sms


def when_in_words(starts_at: datetime.datetime, postal_code: str) -> str:
    local = starts_at.astimezone(timezone_of(postal_code))
    return _("le %(day)s à %(hour)s") % {
        "day": date_format(local.date(), "l j F Y"),
        "hour": local.strftime("%H h %M").replace(" h 00", " h"),
    }


def draw_result_message(request) -> tuple[str, str, str] | None:
    """(medium, recipient, body) telling a person the draw's result through their channel; None when
    they have neither phone, email nor address (an agent told them)."""
    window = request.window
    place = window.motif.place
    if request.booking_id:
        body = _(
            "Tirage au sort « %(motif)s » : vous avez une place %(when)s, %(place)s, %(address)s. Pour la "
            "retrouver ou l'annuler : la référence de votre demande %(request)s et son code."
        ) % {
            "motif": window.motif.label,
            "when": when_in_words(request.booking.starts_at, place.code_postal),
            "place": place.nom,
            "address": f"{place.adresse}, {place.code_postal} {place.commune}",
            "request": request.reference,
        }
    else:
        body = _(
            "Tirage au sort « %(motif)s » : pas de place cette fois. Vous êtes n° %(rank)s sur la liste "
            "d'attente : si une place se libère, elle vous sera proposée."
        ) % {"motif": window.motif.label, "rank": request.rank}
    if request.phone and can_receive_sms(request.phone):
        return "sms", request.phone, body
    if request.email:
        return "email", request.email, body
    if request.postal_address:
        return "letter", f"{request.person_name}\n{request.postal_address}", body
    return None


def offer_message(booking: Booking, request, code: str) -> None:
    """A place offered from the waitlist, told through the person's channel; without a mobile or an
    email, the agents' list of calls to make shows it (views_agent)."""
    place = booking.motif.place
    body = _(
        "Une place s'est libérée : « %(motif)s » %(when)s, %(place)s. Pour l'accepter avant le %(deadline)s, "
        "allez sur le site, rubrique « Retrouver un rendez-vous », avec la référence de votre demande "
        "%(request)s et son code, ou appelez le %(phone)s."
    ) % {
        "motif": booking.motif.label,
        "when": when_in_words(booking.starts_at, place.code_postal),
        "place": place.nom,
        "deadline": when_in_words(request.offer_expires_at, place.code_postal)
        if request.offer_expires_at
        else "",
        "request": request.reference,
        "phone": place.telephone or _("lieu du rendez-vous"),
    }
    if booking.phone and can_receive_sms(booking.phone):
        kind, recipient = "sms", booking.phone
    elif booking.email:
        kind, recipient = "email", booking.email
    else:
        return  # an agent calls the person (list of calls to make)
    send_notification(
        kind=kind,
        recipient=recipient,
        subject=_("Une place s'est libérée"),
        body=body,
        organisation_id=booking.motif.organisation_id,
    )


def confirm_booking(booking: Booking, code: str) -> None:
    place = booking.motif.place
    when = when_in_words(booking.starts_at, place.code_postal)
    body = _(
        "Rendez-vous « %(motif)s » %(when)s, %(place)s, %(address)s. Référence %(reference)s, code %(code)s : "
        "gardez-les pour annuler ou déplacer le rendez-vous."
    ) % {
        "motif": booking.motif.label,
        "when": when,
        "place": place.nom,
        "address": f"{place.adresse}, {place.code_postal} {place.commune}",
        "reference": booking.reference,
        "code": code,
    }
    if booking.motif.documents_to_bring:
        body += " " + _("À apporter : %s") % booking.motif.documents_to_bring
    if booking.phone and can_receive_sms(booking.phone):
        kind, recipient = "sms", booking.phone
    elif booking.email:
        kind, recipient = "email", booking.email
    elif booking.postal_address:
        kind, recipient = "letter", f"{booking.person_name}\n{booking.postal_address}"
    else:
        return  # a fixed line only: the agent who booked told the person on the phone
    send_notification(
        kind=kind,
        recipient=recipient,
        subject=_("Votre rendez-vous"),
        body=body,
        organisation_id=booking.motif.organisation_id,
        secret=True,
        fallback_address=booking.postal_address,
    )


@task()
def tell_draw_results(window_id: str) -> int:
    """After a draw, in the background: each person is told the result through their channel, once (a
    worker stopped mid-way resumes where it stopped: `told_at` is set with the notification)."""
    told = 0
    pending = DrawRequest.objects.filter(window_id=window_id, told_at__isnull=True).exclude(ticket="")
    for pk in pending.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            request = (
                DrawRequest.objects.select_for_update(of=("self",), skip_locked=True)
                .select_related("window__motif__place", "booking")
                .filter(pk=pk, told_at__isnull=True)
                .first()
            )
            if request is None:
                continue
            message = draw_result_message(request)
            if message is not None:
                medium, recipient, body = message
                send_notification(
                    kind=medium, recipient=recipient, subject=_("Résultat du tirage au sort"), body=body,
                    organisation_id=request.window.motif.organisation_id, fallback_address=request.postal_address,
                )  # fmt: skip
            request.told_at = timezone.now()
            request.save(update_fields=["told_at"])
            told += 1
    return told
