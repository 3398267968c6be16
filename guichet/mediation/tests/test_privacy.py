"""Personal data (RGPD) held by the mediation module: retention periods, export, erasure."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from guichet.accounts.models import User
from guichet.accounts.tests.factories import OrganisationFactory
from guichet.core.privacy import apply_retention, erase_person, erasure_refusals, export_person
from guichet.mandates.tests.factories import expired_mandate
from guichet.mediation.models import Diagnostic, FollowedPerson, MediationSession, SessionTheme
from guichet.mediation.tests.factories import aidant_of, days_ago, diagnostic, followed_person, session

pytestmark = pytest.mark.django_db


def _session_on(aidant, person, day: datetime.date) -> MediationSession:
    """Sessions are recorded within the year past: older ones are aged afterwards."""
    recorded = session(aidant, person)
    MediationSession.objects.filter(pk=recorded.pk).update(happened_on=day)
    return recorded


@pytest.fixture
def organisation():
    return OrganisationFactory(name="France Services de Villeneuve")


@pytest.fixture
def aidant(organisation):
    return aidant_of(organisation, first_name="Moussa", last_name="Diallo")


@pytest.fixture
def person(organisation, aidant):
    return followed_person(organisation, aidant=aidant, first_name="Jeannine", last_name="Leroy")


def test_sessions_and_diagnostics_older_than_three_years_are_deleted_recent_ones_kept(aidant, person):
    old = _session_on(aidant, person, days_ago(3 * 365 + 5))
    recent = _session_on(aidant, person, days_ago(3 * 365 - 5))
    old_diag = diagnostic(aidant, person, taken_at=timezone.now() - datetime.timedelta(days=3 * 365 + 5))
    recent_diag = diagnostic(aidant, person)
    results = {r.kind: r for r in apply_retention(dry_run=False)}
    assert results["Accompagnements"].count == 1 and "détachée" in results["Accompagnements"].action
    assert results["Diagnostics des deux autonomies"].count == 1
    assert not MediationSession.objects.filter(pk=old.pk).exists()
    assert not SessionTheme.objects.filter(session_id=old.pk).exists()
    assert MediationSession.objects.filter(pk=recent.pk).exists()
    assert not Diagnostic.objects.filter(pk=old_diag.pk).exists()
    assert Diagnostic.objects.filter(pk=recent_diag.pk).exists()
    call_command("verify_journal")


def test_the_period_comes_from_the_setting(settings, aidant, person):
    two_years = _session_on(aidant, person, days_ago(2 * 365))
    settings.GUICHET_RETENTION_MEDIATION_YEARS = 1
    apply_retention(dry_run=False)
    assert not MediationSession.objects.filter(pk=two_years.pk).exists()


def test_dry_run_reports_in_french_and_deletes_nothing(capsys, aidant, person):
    old = _session_on(aidant, person, days_ago(4 * 365))
    call_command("apply_retention", "--dry-run")
    report = capsys.readouterr().out
    assert "Accompagnements — plus de 3 ans : 1 à traiter (supprimé(s)" in report
    assert "Diagnostics des deux autonomies — plus de 3 ans : 0" in report
    assert MediationSession.objects.filter(pk=old.pk).exists()


def test_export_holds_sessions_and_diagnostics_with_scores_in_french(aidant, person):
    session(aidant, person, minutes=45, note="Dossier de retraite")
    result = diagnostic(aidant, person, digital=3, administrative=0)
    export = json.loads(json.dumps(export_person(person)))  # plain JSON, no lazy translations
    [exported] = export["accompagnements"]
    assert exported["structure"] == "France Services de Villeneuve"
    assert exported["aidant"] == "Moussa Diallo"
    assert exported["temps_passe_minutes"] == 45 and exported["note"] == "Dossier de retraite"
    assert exported["resultat"] == "Démarche aboutie" and exported["themes"] == ["Social, santé"]
    [exported_diag] = export["diagnostics"]
    assert exported_diag["autonomie_numerique"] == result.digital_score == 100
    assert exported_diag["autonomie_administrative"] == result.administrative_score == 0
    assert exported_diag["reponses"]["Lire et envoyer un courriel"] == "Seul, facilement"
    assert export["structures_qui_vous_accompagnent"][0]["structure"] == "France Services de Villeneuve"


def test_mediation_never_holds_back_an_erasure(aidant, person):
    session(aidant, person)
    assert erasure_refusals(person) == []


def test_a_person_with_an_ended_mandate_and_sessions_is_erased_with_the_account(organisation, aidant, person):
    expired_mandate(usager=person, organisation=organisation, created_by=aidant)
    session(aidant, person)
    diagnostic(aidant, person)
    erase_person(person=person)
    assert not User.objects.filter(pk=person.pk).exists()
    assert not MediationSession.objects.exists() and not Diagnostic.objects.exists()
    assert not FollowedPerson.objects.exists()
    assert User.objects.filter(pk=aidant.pk).exists()
    call_command("verify_journal")
