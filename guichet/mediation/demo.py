"""Demo mediation activity for `make run`: sessions over four months, diagnostics that show progress.

Idempotent: nothing is added once the demo aidant has recorded a session.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from guichet.accounts import services as accounts_services
from guichet.accounts.models import Organisation, Role, User
from guichet.core.channels import Channel
from guichet.mandates.selectors import is_habilitated
from guichet.mediation import diagnostic as diag
from guichet.mediation import services
from guichet.mediation.models import Diagnostic, MediationSession, Outcome
from guichet.procedures.models import Category

DEMO_ORGANISATION = "France Services de Villeneuve-sur-Lot"
PEOPLE = [
    ("Jeanne", "Leroy", datetime.date(1946, 3, 12)),
    ("Ahmed", "Benali", datetime.date(1979, 11, 2)),
    ("Lucienne", "Faure", datetime.date(1938, 6, 25)),
    ("Kevin", "Morel", datetime.date(2004, 1, 17)),
    ("Awa", "Traoré", datetime.date(1991, 9, 8)),
]
# (digital points, administrative points) per question, oldest first: progress shows over time.
PROGRESS = {
    "Jeanne": [(0, 1), (1, 1), (2, 2)],
    "Ahmed": [(2, 0), (2, 1)],
    "Lucienne": [(0, 2), (1, 3)],
}


@transaction.atomic
def load_demo() -> list[str]:
    aidant = User.objects.filter(username__iexact="aidant").first()
    organisation = Organisation.objects.filter(name=DEMO_ORGANISATION).first()
    if aidant is None or organisation is None or MediationSession.objects.filter(aidant=aidant).exists():
        return []
    if not is_habilitated(user=aidant, organisation=organisation):
        # The mandates module's demo habilitates the aidant; it must be listed before this one.
        return ["Médiation : pas de démonstration, l'aidant de démonstration n'est pas habilité."]
    responsable = User.objects.filter(username__iexact="responsable").first()
    if responsable is not None:
        accounts_services.add_member(user=responsable, organisation=organisation, role=Role.RESPONSABLE)
    persons = [_person(aidant, organisation, *identity) for identity in PEOPLE]
    _sessions(aidant, organisation, persons)
    _diagnostics(aidant, organisation, persons)
    return []


def _person(aidant, organisation, first_name, last_name, birth_date) -> User:
    existing = User.objects.filter(first_name=first_name, last_name=last_name).first()
    if existing is None:
        return services.register_person(
            aidant=aidant,
            organisation=organisation,
            first_name=first_name,
            last_name=last_name,
            birth_date=birth_date,
        )
    return services.follow_person(aidant=aidant, organisation=organisation, person=existing)


def _sessions(aidant, organisation, persons) -> None:
    rng = random.Random(2026)  # noqa: S311 — repeatable demo data, not a secret
    today = timezone.localdate()
    channels = [Channel.COUNTER] * 5 + [Channel.PHONE] * 2 + [Channel.AIDANT, Channel.MAIL]
    for days_ago in range(120, -1, -3):
        for person in rng.sample(persons, rng.choice([1, 1, 2])):
            services.record_session(
                aidant=aidant,
                organisation=organisation,
                person=person,
                happened_on=today - datetime.timedelta(days=days_ago),
                themes=rng.sample(Category.values, rng.choice([1, 1, 2])),
                channel=rng.choice(channels),
                minutes=rng.choice([15, 20, 30, 30, 45, 60, 90]),
                outcome=rng.choice([Outcome.RESOLVED] * 3 + [Outcome.FOLLOW_UP, Outcome.REDIRECTED]),
            )


def _diagnostics(aidant, organisation, persons) -> None:
    now = timezone.now()
    for person in persons:
        steps = PROGRESS.get(person.first_name, [])
        for index, (digital, administrative) in enumerate(steps):
            answers = {
                q["key"]: next(
                    value
                    for value, _label, points in q["choices"]
                    if points == (digital if q["autonomy"] == diag.Autonomy.DIGITAL else administrative)
                )
                for q in diag.QUESTIONS
            }
            result = services.record_diagnostic(
                aidant=aidant, organisation=organisation, person=person, answers=answers
            )
            taken_at = now - datetime.timedelta(days=45 * (len(steps) - 1 - index))
            Diagnostic.objects.filter(pk=result.pk).update(taken_at=taken_at)
