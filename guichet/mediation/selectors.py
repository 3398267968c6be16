"""Reads of the mediation workspace: today's people, a person's history, their diagnostics."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from guichet.accounts.models import Organisation, User
from guichet.mandates.selectors import mandates_expiring_soon, people_of_organisation, valid_mandates_for
from guichet.mediation import diagnostic as diag
from guichet.mediation.models import Diagnostic, FollowedPerson, MediationSession


def _person_ids_followed_by(organisations) -> QuerySet:
    return FollowedPerson.objects.filter(organisation__in=organisations).values("person_id")


def people_today(organisations: list[Organisation]) -> QuerySet[User]:
    """Persons the organisations helped, diagnosed or registered today (Europe/Paris)."""
    today = timezone.localdate()
    return (
        User.objects.filter(pk__in=_person_ids_followed_by(organisations))
        .filter(
            Q(mediation_sessions__organisation__in=organisations, mediation_sessions__happened_on=today)
            | Q(diagnostics__organisation__in=organisations, diagnostics__taken_at__date=today)
            | Q(
                pk__in=FollowedPerson.objects.filter(
                    organisation__in=organisations, created_at__date=today
                ).values("person_id")
            )
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


EXPIRING_WITHIN_DAYS = 15


def expiring_mandates(organisations: list[Organisation]) -> list:
    """The organisations' valid mandates that end within 15 days, soonest first."""
    mandates = [
        mandate
        for organisation in organisations
        for mandate in mandates_expiring_soon(organisation=organisation, within_days=EXPIRING_WITHIN_DAYS)
    ]
    return sorted(mandates, key=lambda mandate: mandate.expires_at)


def valid_mandates_of(person: User, organisations: list[Organisation]) -> list:
    return [
        mandate
        for organisation in organisations
        for mandate in valid_mandates_for(usager=person, organisation=organisation)
    ]


def search_people(organisations: list[Organisation], query: str = "") -> QuerySet[User]:
    """Persons followed in mediation, or known to the organisations through mandates."""
    known = Q(pk__in=_person_ids_followed_by(organisations))
    for organisation in organisations:
        known |= Q(pk__in=people_of_organisation(organisation).values("pk"))
    people = User.objects.filter(known)
    for word in query.split()[:4]:
        people = people.filter(
            Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(phone__icontains=word)
        )
    return people.order_by("last_name", "first_name")


def sessions_of(person: User, organisations: list[Organisation]) -> QuerySet[MediationSession]:
    return (
        MediationSession.objects.filter(person=person, organisation__in=organisations)
        .select_related("aidant", "organisation")
        .prefetch_related("themes")
    )


def recent_sessions(
    organisations: list[Organisation], limit: int = 10, place_id=None
) -> QuerySet[MediationSession]:
    sessions = MediationSession.objects.filter(organisation__in=organisations)
    if place_id:
        sessions = sessions.filter(place_id=place_id)
    return sessions.select_related("person", "aidant").prefetch_related("themes")[:limit]


@dataclass(frozen=True)
class DiagnosticStep:
    diagnostic: Diagnostic
    digital_level: diag.Level
    administrative_level: diag.Level
    digital_change: int | None
    administrative_change: int | None


def diagnostic_history(person: User, organisations: list[Organisation] | None = None) -> list[DiagnosticStep]:
    """Oldest first, each with the change since the one before, for each autonomy apart.

    `organisations=None` means every organisation: for the person reading their own history.
    """
    diagnostics = Diagnostic.objects.filter(person=person).select_related("aidant", "organisation")
    if organisations is not None:
        diagnostics = diagnostics.filter(organisation__in=organisations)
    steps, previous = [], None
    for item in diagnostics.order_by("taken_at"):
        steps.append(
            DiagnosticStep(
                diagnostic=item,
                digital_level=diag.level_for(item.digital_score),
                administrative_level=diag.level_for(item.administrative_score),
                digital_change=None if previous is None else item.digital_score - previous.digital_score,
                administrative_change=(
                    None if previous is None else item.administrative_score - previous.administrative_score
                ),
            )
        )
        previous = item
    return steps


def answered_questions(diagnostic: Diagnostic) -> list[dict]:
    """Each autonomy with its questions and the answer given, for the result page."""
    return [
        {
            "code": autonomy,
            "label": diag.Autonomy.LABELS[autonomy],
            "questions": [
                {"label": q["label"], "answer": diag.answer_label(q, diagnostic.answers.get(q["key"], ""))}
                for q in diag.questions_for(autonomy)
            ],
        }
        for autonomy in diag.Autonomy.ALL
    ]
