"""gunicorn on PostgreSQL, killed with SIGKILL several times in the middle of a burst of saves AND
submissions: after each restart no dossier is half-submitted (state, receipt dates, answer snapshot,
history and journal agree), every acknowledged submission is there, and the journal chain verifies with
every kept receipt's file."""

import re
import threading
import time

import requests
from django.core.management import call_command

from guichet.core.journal import JournalEntry
from guichet.procedures.models import AnswerVersion, Dossier, DossierEvent, DossierState
from guichet.procedures.tests.factories import published_procedure
from guichet.procedures.tests.test_crash_safety import Server, pytestmark  # noqa: F401  (PostgreSQL only)

CYCLES = 3
WRITERS = 3
SUBMISSIONS_PER_CYCLE = 6
DEFINITION = {
    "sections": [
        {
            "key": "identite",
            "title": "Identité",
            "fields": [{"key": "nom", "type": "text", "label": "Nom", "required": True}],
        }
    ],
    "documents": [],
}


def _csrf(session, url) -> str:
    page = session.get(url, timeout=10)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


class Writer(threading.Thread):
    """One person's browser: start a dossier, fill it, deposit it, again and again until stopped."""

    def __init__(self, server, acknowledged: dict, stop: threading.Event):
        super().__init__(daemon=True)
        self.server, self.acknowledged, self.stop = server, acknowledged, stop
        self.session = requests.Session()

    def post(self, path, data):
        return self.session.post(
            f"{self.server.url}{path}",
            data={"csrfmiddlewaretoken": self.token, **data},
            # a deposit renders and keeps the receipt PDF: a fresh process on a busy machine needs time
            timeout=30,
            allow_redirects=False,
        )

    def run(self):
        try:
            self.token = _csrf(self.session, f"{self.server.url}/demarches/crash-depot/")
            while not self.stop.is_set():
                started = self.post("/demarches/crash-depot/commencer/", {})
                dossier_id = re.search(r"/dossiers/([0-9a-f-]{36})/", started.headers["Location"]).group(1)
                base = f"/dossiers/{dossier_id}"
                self.post(f"{base}/etape/identite/", {"nom": f"Personne {dossier_id[:8]}", "action": "save"})
                self.post(f"{base}/coordonnees/", {"contact_name": "Camille Durand", "notify_by": "none"})
                deposit = self.post(f"{base}/recapitulatif/", {})
                if deposit.status_code == 302 and "accuse-de-reception" in deposit.headers["Location"]:
                    self.acknowledged[dossier_id] = self.session
        except (requests.RequestException, KeyError, AttributeError):
            return  # the server died under us: that is the point


def _assert_nothing_half_submitted(acknowledged: dict, server) -> int:
    deposited = 0
    for dossier in Dossier.objects.all():
        snapshots = AnswerVersion.objects.filter(dossier=dossier, reason="Dépôt").count()
        events = DossierEvent.objects.filter(dossier=dossier, action="submit").count()
        entries = JournalEntry.objects.filter(action="dossier.submit", subject_id=str(dossier.pk)).count()
        dates = (dossier.submitted_at, dossier.received_at, dossier.decision_due_on)
        if dossier.state == DossierState.DEPOSE:
            deposited += 1
            assert None not in dates, dossier.number
            assert (snapshots, events, entries) == (1, 1, 1), dossier.number
        else:
            assert dossier.state == DossierState.BROUILLON, dossier.state
            assert dates == (None, None, None), dossier.number
            assert (snapshots, events, entries) == (0, 0, 0), dossier.number
    for dossier_id, session in acknowledged.items():
        assert Dossier.objects.get(pk=dossier_id).state == DossierState.DEPOSE
        receipt = session.get(f"{server.url}/dossiers/{dossier_id}/accuse-de-reception/", timeout=10)
        assert receipt.status_code == 200 and "Votre demande est déposée" in receipt.text
    return deposited


def test_sigkill_during_submissions_leaves_no_dossier_half_submitted(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path  # where the server keeps the receipts, which verify_journal checks
    published_procedure(definition=DEFINITION, slug="crash-depot")
    server = Server(tmp_path)
    acknowledged: dict = {}
    survived = 0
    try:
        for _cycle in range(CYCLES):
            server.start()
            stop = threading.Event()
            before = len(acknowledged)
            writers = [Writer(server, acknowledged, stop) for _ in range(WRITERS)]
            for writer in writers:
                writer.start()
            deadline = time.monotonic() + 90
            while len(acknowledged) - before < SUBMISSIONS_PER_CYCLE and time.monotonic() < deadline:
                time.sleep(0.05)
            assert len(acknowledged) - before >= SUBMISSIONS_PER_CYCLE
            server.kill()  # the writers are still starting, saving and depositing
            stop.set()
            for writer in writers:
                writer.join(timeout=10)
            server.start()
            _assert_nothing_half_submitted(acknowledged, server)
            server.kill()
            survived += 1
        call_command("verify_journal")
    finally:
        if server.process and server.process.poll() is None:
            server.kill()
    assert survived == CYCLES
    assert len(acknowledged) >= CYCLES * SUBMISSIONS_PER_CYCLE
