import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import member
from guichet.core.channels import Channel
from guichet.core.exceptions import InvalidInput
from guichet.procedures.models import Outage
from guichet.procedures.services import outages, transitions
from guichet.procedures.tests.test_services import complete_draft, deposited

pytestmark = pytest.mark.django_db


class TestOutages:
    def test_deadlines_running_during_an_outage_are_extended_by_its_length_once(
        self, django_capture_on_commit_callbacks
    ):
        dossier = deposited()
        type(dossier).objects.filter(pk=dossier.pk).update(
            received_at=timezone.now() - datetime.timedelta(days=3)
        )
        before = dossier.decision_due_on
        start = timezone.now() - datetime.timedelta(hours=30)
        with django_capture_on_commit_callbacks(execute=True):
            outage = outages.record_outage(
                started_at=start,
                ended_at=start + datetime.timedelta(hours=26),
                description="Panne du serveur",
            )
        dossier.refresh_from_db()
        assert dossier.decision_due_on == before + datetime.timedelta(days=2)  # 26 h rounds up to 2 days
        assert outages.extend_deadlines(outage=outage) == 0  # a second pass changes nothing
        dossier.refresh_from_db()
        assert dossier.decision_due_on == before + datetime.timedelta(days=2)
        assert dossier.events.filter(action="deadline_extended").count() == 1
        assert "Délais prolongés" in mail.outbox[-1].subject

    def test_dossiers_received_after_the_outage_are_not_touched(self):
        dossier = deposited()
        before = dossier.decision_due_on
        start = timezone.now() - datetime.timedelta(hours=30)
        outages.record_outage(
            started_at=start, ended_at=start + datetime.timedelta(hours=2), description="Panne"
        )
        dossier.refresh_from_db()
        assert dossier.decision_due_on == before

    def test_dossiers_whose_deadline_ended_before_the_outage_are_not_touched(self):
        dossier = deposited()
        dossier.decision_due_on = timezone.localdate() - datetime.timedelta(days=10)
        dossier.save()
        start = timezone.now() - datetime.timedelta(days=2)
        outages.record_outage(
            started_at=start, ended_at=start + datetime.timedelta(hours=3), description="Panne"
        )
        dossier.refresh_from_db()
        assert dossier.decision_due_on == timezone.localdate() - datetime.timedelta(days=10)

    def test_completion_deadline_is_extended_too(self):
        dossier = deposited()
        transitions.request_correction(
            dossier_id=dossier.pk,
            actor=member(Role.AGENT),
            fields=["nom"],
            documents=[],
            message="Nom incomplet",
        )
        dossier.corrections.update(requested_at=timezone.now() - datetime.timedelta(days=2))
        dossier.refresh_from_db()
        before = dossier.completion_due_on
        start = timezone.now() - datetime.timedelta(hours=5)
        outages.record_outage(
            started_at=start, ended_at=start + datetime.timedelta(hours=4), description="Panne"
        )
        dossier.refresh_from_db()
        assert dossier.completion_due_on == before + datetime.timedelta(days=1)

    def test_an_outage_before_the_correction_request_does_not_extend_its_deadline(self):
        dossier = deposited()
        transitions.request_correction(
            dossier_id=dossier.pk,
            actor=member(Role.AGENT),
            fields=["nom"],
            documents=[],
            message="Nom incomplet",
        )
        dossier.refresh_from_db()
        before = dossier.completion_due_on
        start = timezone.now() - datetime.timedelta(hours=5)
        outages.record_outage(
            started_at=start, ended_at=start + datetime.timedelta(hours=4), description="Panne"
        )
        dossier.refresh_from_db()
        assert dossier.completion_due_on == before

    def test_an_outage_must_be_over_and_make_sense(self):
        now = timezone.now()
        with pytest.raises(InvalidInput):
            outages.record_outage(started_at=now, ended_at=now - datetime.timedelta(hours=1), description="x")
        with pytest.raises(InvalidInput):
            outages.record_outage(started_at=now, ended_at=now + datetime.timedelta(days=1), description="x")

    def test_a_submission_that_failed_during_an_outage_keeps_the_date_of_the_attempt(self):
        started = complete_draft()
        attempt = timezone.now() - datetime.timedelta(hours=20)
        type(started.dossier).objects.filter(pk=started.dossier.pk).update(updated_at=attempt)
        outages.record_outage(
            started_at=attempt - datetime.timedelta(hours=1),
            ended_at=attempt + datetime.timedelta(hours=2),
            description="Le bouton Déposer renvoyait une erreur",
        )
        dossier = transitions.submit_dossier(
            dossier_id=started.dossier.pk, actor=None, channel=Channel.ONLINE
        )
        assert dossier.received_at == attempt


def test_the_monitoring_records_an_outage_from_the_command_line(capsys):
    dossier = deposited()
    type(dossier).objects.filter(pk=dossier.pk).update(
        received_at=timezone.now() - datetime.timedelta(days=3)
    )
    start = timezone.localtime() - datetime.timedelta(hours=6)
    call_command(
        "record_outage",
        "--start",
        start.strftime("%Y-%m-%dT%H:%M"),
        "--end",
        (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "--description",
        "Sonde : le service ne répondait plus",
    )
    assert Outage.objects.get().organisation is None
    assert "1 dossier(s)" in capsys.readouterr().out


def test_the_outage_command_explains_bad_dates():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="AAAA-MM-JJTHH:MM"):
        call_command("record_outage", "--start", "hier", "--end", "demain", "--description", "x")
