"""Personal data of screenings is deleted once the retention period is over."""

import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from guichet.accounts.tests.factories import OrganisationFactory, UserFactory
from guichet.core.journal.models import JournalEntry
from guichet.screening.models import Caseload, CaseloadHousehold, Questionnaire
from guichet.screening.tests.factories import screened_caseload

pytestmark = pytest.mark.django_db


@pytest.fixture
def expired():
    caseload = screened_caseload(OrganisationFactory())
    Caseload.objects.filter(pk=caseload.pk).update(
        delete_after=timezone.now() - datetime.timedelta(minutes=1)
    )
    caseload.refresh_from_db()
    return caseload


def _old(questionnaire, days=31):
    Questionnaire.objects.filter(pk=questionnaire.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_dry_run_counts_without_deleting(expired, capsys):
    _old(Questionnaire.objects.create())
    call_command("purge_screening", "--dry-run")
    out = capsys.readouterr().out
    assert "1 fichier(s) de foyers et 1 simulation(s) à supprimer" in out
    assert CaseloadHousehold.objects.count() == 2 and Questionnaire.objects.count() == 1
    assert Path(expired.input_file.path).exists()


def test_purge_deletes_files_and_households_and_keeps_the_counts(expired, capsys):
    paths = [Path(f.path) for f in (expired.input_file, expired.output_file, expired.errors_file)]
    recent = screened_caseload(OrganisationFactory())
    call_command("purge_screening")
    assert "1 fichier(s) de foyers et 0 simulation(s) supprimé(s)" in capsys.readouterr().out
    expired.refresh_from_db()
    assert expired.status == Caseload.Status.PURGED and expired.purged_at is not None
    assert expired.households_ok == 2 and not expired.input_file
    assert not any(path.exists() for path in paths)
    assert not CaseloadHousehold.objects.filter(caseload=expired).exists()
    assert CaseloadHousehold.objects.filter(caseload=recent).count() == 2
    assert JournalEntry.objects.get(action="screening.fichier_supprime").data == {"foyers": 2}


def test_old_questionnaires_without_an_account_are_deleted_those_of_an_account_kept(settings):
    settings.SCREENING_RETENTION_DAYS = 10
    anonymous, fresh, owned = Questionnaire.objects.create(), Questionnaire.objects.create(), None
    owned = Questionnaire.objects.create(usager=UserFactory())
    _old(anonymous, days=11)
    _old(owned, days=400)
    call_command("purge_screening")
    assert set(Questionnaire.objects.values_list("pk", flat=True)) == {fresh.pk, owned.pk}


def test_purging_twice_changes_nothing(expired):
    call_command("purge_screening")
    call_command("purge_screening")
    assert JournalEntry.objects.filter(action="screening.fichier_supprime").count() == 1
