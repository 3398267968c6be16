"""Helpers to build mediation data in tests, through the services (so the journal is written too)."""

import datetime

from django.utils import timezone

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import OrganisationFactory, UserFactory
from guichet.core.channels import Channel
from guichet.mandates.tests.factories import habilitated_aidant
from guichet.mediation import diagnostic as diag
from guichet.mediation import services
from guichet.mediation.models import FollowedPerson, Outcome


def aidant_of(organisation=None, **user_kwargs):
    """A habilitated aidant (mandates module), member of the organisation."""
    return habilitated_aidant(organisation or OrganisationFactory(), **user_kwargs)


def organisation_of(aidant):
    return aidant.memberships.get(role=Role.AIDANT).organisation


def followed_person(organisation, *, aidant=None, **user_kwargs):
    person = UserFactory(email="", **user_kwargs)
    FollowedPerson.objects.create(organisation=organisation, person=person, registered_by=aidant)
    return person


def session(aidant, person, **overrides):
    values = {
        "happened_on": timezone.localdate(),
        "themes": ["social"],
        "channel": Channel.COUNTER,
        "minutes": 30,
        "outcome": Outcome.RESOLVED,
        "note": "",
    }
    values.update(overrides)
    return services.record_session(
        aidant=aidant, organisation=organisation_of(aidant), person=person, **values
    )


def answers(digital: int, administrative: int) -> dict[str, str]:
    """Every question answered with the choice worth `digital` (or `administrative`) points."""
    chosen = {}
    for question in diag.QUESTIONS:
        wanted = digital if question["autonomy"] == diag.Autonomy.DIGITAL else administrative
        chosen[question["key"]] = next(v for v, _label, pts in question["choices"] if pts == wanted)
    return chosen


def diagnostic(aidant, person, digital=1, administrative=1, *, taken_at=None):
    result = services.record_diagnostic(
        aidant=aidant,
        organisation=organisation_of(aidant),
        person=person,
        answers=answers(digital, administrative),
    )
    if taken_at is not None:
        type(result).objects.filter(pk=result.pk).update(taken_at=taken_at)
        result.refresh_from_db()
    return result


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)
