"""Every write of the mediation workspace, each one journaled."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.accounts.models import Organisation, User
from guichet.core.channels import Channel
from guichet.core.exceptions import InvalidInput, PermissionDenied
from guichet.core.journal import record
from guichet.mandates.services.mandates import register_person as mandates_register_person
from guichet.mediation import diagnostic as diag
from guichet.mediation.models import (
    MAX_SESSION_MINUTES,
    NOTE_MAX_LENGTH,
    Diagnostic,
    FollowedPerson,
    MediationSession,
    Outcome,
    SessionTheme,
)
from guichet.mediation.perms import aidant_organisations, is_followed_by
from guichet.places import selectors as places_selectors
from guichet.procedures.models import Category

OLDEST_SESSION_DAYS = 366


def _check_aidant(aidant: User, organisation: Organisation) -> None:
    if organisation.pk not in {o.pk for o in aidant_organisations(aidant)}:
        raise PermissionDenied(
            _("Vous n'êtes pas aidant habilité de cette organisation : l'action est refusée.")
        )


def _check_followed(organisation: Organisation, person: User, aidant: User) -> None:
    """A person known through a mandate only becomes followed: the aidant finds them next time."""
    if not is_followed_by(person, organisation):
        raise PermissionDenied(_("Cette personne n'est pas accompagnée par votre organisation."))
    FollowedPerson.objects.get_or_create(
        organisation=organisation, person=person, defaults={"registered_by": aidant}
    )


@transaction.atomic
def register_person(
    *,
    aidant: User,
    organisation: Organisation,
    first_name: str,
    last_name: str,
    birth_date: datetime.date,
    phone: str = "",
) -> User:
    """A person met by an aidant, who may have no e-mail and no password.

    The person is registered by the mandates module (one way to register a person on the platform),
    then followed by the organisation's mediation workspace.
    """
    _check_aidant(aidant, organisation)
    person = mandates_register_person(
        organisation=organisation,
        by=aidant,
        first_name=first_name or "",
        last_name=last_name or "",
        birth_date=birth_date,
        phone=phone or "",
    )
    return follow_person(aidant=aidant, organisation=organisation, person=person)


@transaction.atomic
def follow_person(*, aidant: User, organisation: Organisation, person: User) -> User:
    """The organisation's aidants will find this person (who already has an account) in their workspace."""
    _check_aidant(aidant, organisation)
    _link, created = FollowedPerson.objects.get_or_create(
        organisation=organisation, person=person, defaults={"registered_by": aidant}
    )
    if not created:
        return person
    record(
        action="mediation.personne_suivie",
        actor=aidant,
        channel=Channel.AIDANT,
        organisation_id=organisation.pk,
        subject_type="personne",
        subject_id=str(person.pk),
        on_behalf_of_id=person.pk,
    )
    return person


@transaction.atomic
def record_session(
    *,
    aidant: User,
    organisation: Organisation,
    person: User,
    happened_on: datetime.date,
    themes: list[str],
    channel: str,
    minutes: int,
    outcome: str,
    note: str = "",
    place_id=None,
) -> MediationSession:
    _check_aidant(aidant, organisation)
    place = None
    if place_id:
        place = places_selectors.places_of_organisations([organisation.pk]).filter(pk=place_id).first()
        if place is None:
            raise InvalidInput(_("Choisissez un des lieux de votre structure."))
    _check_followed(organisation, person, aidant)
    themes = sorted(set(themes))
    today = timezone.localdate()
    if not themes or not set(themes) <= set(Category.values):
        raise InvalidInput(_("Choisissez au moins un thème dans la liste."))
    if channel not in Channel.values:
        raise InvalidInput(_("Choisissez le canal par lequel la personne a été aidée."))
    if outcome not in Outcome.values:
        raise InvalidInput(_("Choisissez le résultat de l'accompagnement."))
    if not isinstance(minutes, int) or not 1 <= minutes <= MAX_SESSION_MINUTES:
        raise InvalidInput(
            _("Indiquez le temps passé en minutes, entre 1 et %(max)s.") % {"max": MAX_SESSION_MINUTES}
        )
    if happened_on > today or happened_on < today - datetime.timedelta(days=OLDEST_SESSION_DAYS):
        raise InvalidInput(_("La date doit être aujourd'hui ou dans l'année écoulée."))
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidInput(
            _("La note est limitée à %(max)s caractères : gardez l'essentiel.") % {"max": NOTE_MAX_LENGTH}
        )
    session = MediationSession.objects.create(
        organisation=organisation,
        aidant=aidant,
        person=person,
        happened_on=happened_on,
        channel=channel,
        minutes=minutes,
        outcome=outcome,
        note=note,
        place=place,
    )
    SessionTheme.objects.bulk_create(SessionTheme(session=session, theme=theme) for theme in themes)
    record(
        action="mediation.accompagnement_enregistre",
        actor=aidant,
        channel=channel,
        organisation_id=organisation.pk,
        subject_type="accompagnement",
        subject_id=str(session.pk),
        on_behalf_of_id=person.pk,
        data={"themes": themes, "minutes": minutes, "resultat": outcome, "date": happened_on.isoformat()},
    )
    return session


@transaction.atomic
def record_diagnostic(
    *, aidant: User, organisation: Organisation, person: User, answers: dict[str, str]
) -> Diagnostic:
    _check_aidant(aidant, organisation)
    _check_followed(organisation, person, aidant)
    try:
        scores = diag.score(answers)
    except diag.IncompleteAnswers as exc:
        raise InvalidInput(
            _("Répondez à toutes les questions (il en manque %(count)s).") % {"count": len(exc.missing)}
        ) from exc
    known = {question["key"] for question in diag.QUESTIONS}
    diagnostic = Diagnostic.objects.create(
        organisation=organisation,
        aidant=aidant,
        person=person,
        taken_at=timezone.now(),
        questions_version=diag.VERSION,
        answers={key: value for key, value in answers.items() if key in known},
        digital_score=scores[diag.Autonomy.DIGITAL],
        administrative_score=scores[diag.Autonomy.ADMINISTRATIVE],
    )
    record(
        action="mediation.diagnostic_enregistre",
        actor=aidant,
        channel=Channel.AIDANT,
        organisation_id=organisation.pk,
        subject_type="diagnostic",
        subject_id=str(diagnostic.pk),
        on_behalf_of_id=person.pk,
        data={
            "version": diag.VERSION,
            "score_numerique": diagnostic.digital_score,
            "score_administratif": diagnostic.administrative_score,
        },
    )
    return diagnostic
