"""A task worker (django-tasks db_worker) killed with SIGKILL in the middle of a job: after a restart
through the same path as bin/serve, the abandoned job runs again and every notification is sent."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from guichet.core.models import Notification
from guichet.core.notifications.services import send_notification
from guichet.core.task_recovery import requeue_abandoned_tasks

REPO = Path(__file__).resolve().parents[3]
LETTERS = 6

postgres_only = pytest.mark.skipif(
    django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs a database that a second process can share (PostgreSQL, as in CI)",
)


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _worker(tmp_path, *, batch: bool) -> subprocess.Popen:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "NOTIFICATIONS_DIR": str(tmp_path / "notifications")}
    command = [sys.executable, "manage.py", "db_worker", "--interval", "0.1", "--no-startup-delay"]
    return subprocess.Popen(
        [*command, *(["--batch"] if batch else [])],
        cwd=REPO,
        env=env,
        stdout=(tmp_path / "worker.log").open("a"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _letters() -> None:
    for index in range(LETTERS):
        send_notification(
            kind="letter",
            recipient=f"Camille Durand {index}\n4 rue des Lilas\n47300 Villeneuve-sur-Lot",
            subject="Accusé de réception",
            body="Votre demande a bien été reçue.",
        )


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_job_cut_by_sigkill_is_run_again_after_the_restart(tmp_path, database_tasks):
    _letters()  # each letter is a PDF rendered by WeasyPrint: long enough to be killed in the middle
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == LETTERS
    worker = _worker(tmp_path, batch=False)
    deadline = time.monotonic() + 60
    while not DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists():
        assert time.monotonic() < deadline, (tmp_path / "worker.log").read_text()
        time.sleep(0.02)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    abandoned = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).count()
    assert abandoned == 1  # cut in the middle, and left « running » for ever by django-tasks-db
    assert Notification.objects.filter(status=Notification.Status.SENT).count() < LETTERS

    call_command("requeue_abandoned_tasks", depuis_minutes=0)  # what bin/serve does before starting
    restarted = _worker(tmp_path, batch=True)
    assert restarted.wait(timeout=180) == 0, (tmp_path / "worker.log").read_text()

    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == LETTERS
    assert Notification.objects.filter(status=Notification.Status.SENT).count() == LETTERS
    assert len(list((tmp_path / "notifications" / "letters").glob("*.pdf"))) >= LETTERS


@pytest.mark.django_db
def test_only_jobs_running_for_longer_than_the_limit_are_requeued(
    database_tasks, settings, django_capture_on_commit_callbacks
):
    settings.GUICHET_TASK_ABANDONED_MINUTES = 15
    with django_capture_on_commit_callbacks(execute=True):
        _letters()
    recent, old, *_rest = DBTaskResult.objects.all()
    now = timezone.now()
    for result, started in (
        (recent, now - datetime.timedelta(minutes=5)),
        (old, now - datetime.timedelta(hours=1)),
    ):
        DBTaskResult.objects.filter(pk=result.pk).update(status=TaskResultStatus.RUNNING, started_at=started)
    assert requeue_abandoned_tasks() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.status == TaskResultStatus.READY and old.started_at is None
    assert recent.status == TaskResultStatus.RUNNING
