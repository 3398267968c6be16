import datetime

import pytest

from guichet.accounts.tests.factories import OrganisationFactory, UserFactory
from guichet.core.exceptions import InvalidInput, PermissionDenied
from guichet.core.journal import JournalEntry
from guichet.mediation import services
from guichet.mediation.models import Diagnostic, FollowedPerson, MediationSession
from guichet.mediation.tests.factories import (
    aidant_of,
    answers,
    days_ago,
    diagnostic,
    followed_person,
    organisation_of,
    session,
)

pytestmark = pytest.mark.django_db

BIRTH = datetime.date(1950, 4, 5)


def test_a_person_without_email_is_registered_and_followed_by_the_organisation():
    aidant = aidant_of()
    organisation = organisation_of(aidant)
    person = services.register_person(
        aidant=aidant,
        organisation=organisation,
        first_name=" Jeanne ",
        last_name="Leroy",
        birth_date=BIRTH,
        phone="06 12 34 56 78",
    )
    assert person.email == "" and not person.has_usable_password()
    assert (person.first_name, person.phone) == ("Jeanne", "+33612345678")
    assert FollowedPerson.objects.filter(
        organisation=organisation, person=person, registered_by=aidant
    ).exists()
    entry = JournalEntry.objects.get(action="mediation.personne_suivie")
    assert entry.on_behalf_of_id == person.pk and entry.actor_id == aidant.pk
    assert "Leroy" not in str(entry.data)
    assert JournalEntry.objects.filter(action="personne.enregistree", subject_id=str(person.pk)).exists()


def test_following_an_existing_person_twice_changes_nothing():
    aidant = aidant_of()
    person = UserFactory()
    for _ in range(2):
        services.follow_person(aidant=aidant, organisation=organisation_of(aidant), person=person)
    assert FollowedPerson.objects.filter(person=person).count() == 1
    assert JournalEntry.objects.filter(action="mediation.personne_suivie").count() == 1


def test_registering_needs_first_and_last_name_and_a_valid_phone():
    aidant = aidant_of()
    with pytest.raises(InvalidInput):
        services.register_person(
            aidant=aidant,
            organisation=organisation_of(aidant),
            first_name="",
            last_name="X",
            birth_date=BIRTH,
        )
    with pytest.raises(InvalidInput):
        services.register_person(
            aidant=aidant,
            organisation=organisation_of(aidant),
            first_name="A",
            last_name="B",
            birth_date=BIRTH,
            phone="12",
        )


def test_an_aidant_cannot_register_for_another_organisation():
    with pytest.raises(PermissionDenied):
        services.register_person(
            aidant=aidant_of(),
            organisation=OrganisationFactory(),
            first_name="A",
            last_name="B",
            birth_date=BIRTH,
        )


def test_a_session_is_saved_with_its_themes_and_journaled_without_names():
    aidant = aidant_of()
    person = followed_person(organisation_of(aidant))
    recorded = session(
        aidant, person, themes=["logement", "argent", "logement"], minutes=45, note="Revenir avec l'avis"
    )
    assert sorted(t.theme for t in recorded.themes.all()) == ["argent", "logement"]
    entry = JournalEntry.objects.get(action="mediation.accompagnement_enregistre")
    assert entry.subject_id == str(recorded.pk) and entry.channel == "counter"
    assert entry.data == {
        "themes": ["argent", "logement"],
        "minutes": 45,
        "resultat": "abouti",
        "date": recorded.happened_on.isoformat(),
    }


@pytest.mark.parametrize(
    "overrides",
    [
        {"themes": []},
        {"themes": ["cuisine"]},
        {"channel": "pigeon"},
        {"outcome": "bof"},
        {"minutes": 0},
        {"minutes": 481},
        {"happened_on": days_ago(-1)},
        {"happened_on": days_ago(400)},
        {"note": "x" * 281},
    ],
)
def test_invalid_sessions_are_refused_in_french(overrides):
    aidant = aidant_of()
    person = followed_person(organisation_of(aidant))
    with pytest.raises(InvalidInput):
        session(aidant, person, **overrides)
    assert not MediationSession.objects.exists()
    assert not JournalEntry.objects.filter(action="mediation.accompagnement_enregistre").exists()


def test_a_session_for_a_person_the_organisation_does_not_follow_is_refused():
    aidant = aidant_of()
    stranger = followed_person(OrganisationFactory())
    with pytest.raises(PermissionDenied):
        session(aidant, stranger)


def test_an_aidant_whose_membership_ended_can_record_nothing():
    aidant = aidant_of()
    person = followed_person(organisation_of(aidant))
    aidant.memberships.update(is_active=False)
    with pytest.raises(PermissionDenied):
        session(aidant, person)
    with pytest.raises(PermissionDenied):
        diagnostic(aidant, person)


def test_a_non_aidant_member_cannot_record_a_session():
    from guichet.accounts.models import Role
    from guichet.accounts.tests.factories import member

    organisation = OrganisationFactory()
    agent = member(Role.AGENT, organisation=organisation)
    person = followed_person(organisation)
    with pytest.raises(PermissionDenied):
        services.record_session(
            aidant=agent,
            organisation=organisation,
            person=person,
            happened_on=datetime.date.today(),
            themes=["social"],
            channel="counter",
            minutes=10,
            outcome="abouti",
        )


def test_a_diagnostic_saves_both_scores_and_journals_them():
    aidant = aidant_of()
    person = followed_person(organisation_of(aidant))
    result = diagnostic(aidant, person, digital=3, administrative=1)
    assert (result.digital_score, result.administrative_score, result.questions_version) == (100, 33, 1)
    assert len(result.answers) == 12
    entry = JournalEntry.objects.get(action="mediation.diagnostic_enregistre")
    assert entry.data == {"version": 1, "score_numerique": 100, "score_administratif": 33}
    assert entry.on_behalf_of_id == person.pk


def test_an_incomplete_diagnostic_is_refused_and_nothing_is_saved():
    aidant = aidant_of()
    person = followed_person(organisation_of(aidant))
    partial = answers(2, 2)
    partial.pop("recours")
    with pytest.raises(InvalidInput, match="il en manque 1"):
        services.record_diagnostic(
            aidant=aidant, organisation=organisation_of(aidant), person=person, answers=partial
        )
    assert not Diagnostic.objects.exists()


def test_unknown_keys_are_not_stored_with_a_diagnostic():
    aidant = aidant_of()
    person = followed_person(organisation_of(aidant))
    result = services.record_diagnostic(
        aidant=aidant,
        organisation=organisation_of(aidant),
        person=person,
        answers={**answers(1, 1), "nom": "Leroy"},
    )
    assert "nom" not in result.answers


def test_a_suspended_aidant_can_record_nothing():
    from guichet.mandates.models import Habilitation

    aidant = aidant_of()
    person = followed_person(organisation_of(aidant))
    Habilitation.objects.filter(user=aidant).update(status=Habilitation.Status.SUSPENDED)
    with pytest.raises(PermissionDenied):
        session(aidant, person)
    with pytest.raises(PermissionDenied):
        services.register_person(
            aidant=aidant,
            organisation=organisation_of(aidant),
            first_name="A",
            last_name="B",
            birth_date=BIRTH,
        )


def test_a_person_under_a_valid_mandate_becomes_followed_at_the_first_session():
    from guichet.accounts.tests.factories import UserFactory
    from guichet.mandates.tests.factories import MandateFactory

    aidant = aidant_of()
    usager = UserFactory()
    MandateFactory(usager=usager, organisation=organisation_of(aidant))
    session(aidant, usager)
    assert FollowedPerson.objects.filter(person=usager, organisation=organisation_of(aidant)).exists()
