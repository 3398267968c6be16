"""A real server (gunicorn) on PostgreSQL is killed with SIGKILL in the middle of a burst of saves:
every save it acknowledged is still there after a restart, and nothing is half-written."""

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings as django_settings
from django.db import connection

from guichet.procedures.models import Dossier, DossierState
from guichet.procedures.tests.factories import published_procedure

REPO = Path(__file__).resolve().parents[3]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs a database that a second process can share (PostgreSQL, as in CI)",
    ),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, tmp_path):
        self.port = _free_port()
        db = connection.settings_dict
        url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        self.env = {**os.environ, "DATABASE_URL": url, "AXES_ENABLED": "false", "MEDIA_ROOT": str(tmp_path)}
        self.log = tmp_path / "gunicorn.log"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "guichet.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "2",
            ],
            cwd=REPO,
            env=self.env,
            stdout=self.log.open("a"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.2)
        raise AssertionError(self.log.read_text())

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)  # the master and its workers, with no warning
        self.process.wait(timeout=10)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"


def _csrf(session, url) -> str:
    page = session.get(url, timeout=10)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def test_acknowledged_saves_survive_a_sigkill_and_nothing_is_half_written(tmp_path):
    published_procedure(slug="aide-crash")
    server = Server(tmp_path)
    server.start()
    browser = requests.Session()
    token = _csrf(browser, f"{server.url}/demarches/aide-crash/")
    started = browser.post(
        f"{server.url}/demarches/aide-crash/commencer/", data={"csrfmiddlewaretoken": token}, timeout=10
    )
    dossier = Dossier.objects.get()
    section = f"{server.url}/dossiers/{dossier.pk}/etape/identite/"
    assert started.status_code == 200
    token = _csrf(browser, section)
    acknowledged: dict[str, str] = {}
    count = {"acknowledged": 0}
    stop = threading.Event()

    def burst():
        i = 0
        while not stop.is_set():
            key = ("nom", "naissance", "enfants")[i % 3]
            value = f"valeur-{i}"
            try:
                response = browser.post(
                    section,
                    data={"csrfmiddlewaretoken": token, "action": "save", key: value},
                    timeout=5,
                    allow_redirects=False,
                )
            except requests.RequestException:
                return
            if response.status_code == 302:
                acknowledged[key] = value
                count["acknowledged"] += 1
            i += 1

    writer = threading.Thread(target=burst)
    writer.start()
    deadline = time.monotonic() + 60
    while count["acknowledged"] < 30 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert count["acknowledged"] >= 30
    server.kill()  # while the writer is still sending saves
    stop.set()
    writer.join(timeout=10)
    server.start()
    try:
        dossier.refresh_from_db()
        for key, value in acknowledged.items():
            saved = int(dossier.answers[key].split("-")[1])
            assert saved >= int(value.split("-")[1]), (key, value, dossier.answers)
        assert dossier.state == DossierState.BROUILLON
        page = browser.get(section, timeout=10)
        assert page.status_code == 200 and dossier.answers["nom"] in page.text
    finally:
        server.kill()
