"""Referral (orientation), closed loop: an agent or an aidant sends a person to a place for a need, with
the person's consent; the place accepts or declines with a reason, then says what happened. The person
receives the address, the hours and what to bring through the channel they chose (SMS, e-mail, letter
in the print queue, or a sheet printed there and then). Each step is journaled, without names."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.core.exceptions import InvalidInput, PermissionDenied
from guichet.core.journal import record
from guichet.core.notifications.services import send_notification
from guichet.core.phone import normalize_phone
from guichet.places import hours, selectors
from guichet.places.models import Place, Referral


def _hours_text(place: Place) -> str:
    intervals = hours.intervals_of(place)
    return "; ".join(f"{day} : {text}" for day, text in hours.week_in_words(intervals)) if intervals else ""


def message_for_person(referral: Referral) -> str:
    place = referral.place
    parts = [
        _(
            "Bonjour %(name)s, vous pouvez vous faire aider pour « %(need)s » à : %(place)s, %(address)s, %(postal)s %(commune)s."
        )
        % {
            "name": referral.person_name,
            "need": referral.need,
            "place": place.nom,
            "address": place.adresse,
            "postal": place.code_postal,
            "commune": place.commune,
        }
    ]
    if place.telephone:
        parts.append(_("Téléphone : %s.") % place.telephone)
    week = _hours_text(place)
    if week:
        parts.append(_("Horaires : %s.") % week)
    if referral.shared_note:
        parts.append(_("À apporter ou à savoir : %s") % referral.shared_note)
    return " ".join(parts)


@transaction.atomic
def refer(
    *,
    place: Place,
    by,
    organisation,
    person_name: str,
    need: str,
    notify_by: str,
    contact: str = "",
    shared_note: str = "",
    consent: bool,
) -> Referral:
    if not consent:
        raise InvalidInput(
            _(
                "La personne doit être d'accord pour être orientée et pour que ces informations soient transmises."
            )
        )
    person_name, need, contact = person_name.strip(), need.strip(), contact.strip()
    if not person_name or not need:
        raise InvalidInput(_("Indiquez le nom de la personne et son besoin."))
    if place.merged_into_id is not None:
        raise InvalidInput(_("Ce lieu a été fusionné avec un autre : choisissez celui qui reste affiché."))
    if notify_by not in Referral.NotifyBy.values:
        raise InvalidInput(_("Choisissez comment la personne reçoit l'adresse et les horaires."))
    if notify_by == Referral.NotifyBy.SMS:
        contact = normalize_phone(contact)
    elif notify_by in (Referral.NotifyBy.EMAIL, Referral.NotifyBy.LETTER) and not contact:
        raise InvalidInput(_("Indiquez l'adresse où envoyer l'adresse et les horaires du lieu."))
    referral = Referral.objects.create(
        place=place,
        need=need[:200],
        person_name=person_name[:200],
        contact=contact[:500],
        notify_by=notify_by,
        shared_note=shared_note.strip()[:1000],
        consent_at=timezone.now(),
        referred_by=by,
        from_organisation=organisation,
    )
    if notify_by != Referral.NotifyBy.PAPER:
        send_notification(
            kind=notify_by,
            recipient=contact,
            subject=_("Où vous faire aider : %s") % place.nom,
            body=message_for_person(referral),
            organisation_id=organisation.pk if organisation else None,
        )
    record(
        action="orientation.envoyee",
        actor=by,
        organisation_id=organisation.pk if organisation else None,
        subject_type="orientation",
        subject_id=str(referral.pk),
        data={"lieu": str(place.pk), "moyen": notify_by},
    )
    return referral


def _check_place_staff(referral: Referral, user) -> None:
    if referral.place.organisation_id not in selectors.staff_organisation_ids(user):
        raise PermissionDenied(_("Seule la structure du lieu répond à une orientation."))


@transaction.atomic
def answer(*, referral: Referral, user, accept: bool, reason: str = "") -> Referral:
    _check_place_staff(referral, user)
    if referral.status != Referral.Status.SENT:
        raise InvalidInput(_("Cette orientation a déjà reçu une réponse."))
    if not accept and not reason.strip():
        raise InvalidInput(
            _("Dites pourquoi le lieu ne peut pas recevoir la personne : l'orienteur en a besoin.")
        )
    referral.status = Referral.Status.ACCEPTED if accept else Referral.Status.DECLINED
    referral.decline_reason = "" if accept else reason.strip()[:1000]
    referral.answered_at = timezone.now()
    referral.save(update_fields=["status", "decline_reason", "answered_at"])
    record(
        action="orientation.acceptee" if accept else "orientation.refusee",
        actor=user,
        organisation_id=referral.place.organisation_id,
        subject_type="orientation",
        subject_id=str(referral.pk),
        data={"lieu": str(referral.place_id)},
    )
    return referral


@transaction.atomic
def record_outcome(*, referral: Referral, user, outcome: str) -> Referral:
    _check_place_staff(referral, user)
    if outcome not in (Referral.Outcome.WENT, Referral.Outcome.DID_NOT_GO, Referral.Outcome.HELPED):
        raise InvalidInput(_("Choisissez ce qui s'est passé."))
    if referral.status != Referral.Status.ACCEPTED:
        raise InvalidInput(_("Acceptez d'abord l'orientation."))
    referral.outcome = outcome
    referral.outcome_at = timezone.now()
    referral.save(update_fields=["outcome", "outcome_at"])
    record(
        action="orientation.suite",
        actor=user,
        organisation_id=referral.place.organisation_id,
        subject_type="orientation",
        subject_id=str(referral.pk),
        data={"lieu": str(referral.place_id), "suite": outcome},
    )
    return referral
