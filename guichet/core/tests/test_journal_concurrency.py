"""Writers on separate connections at the same time: the chain must stay one line.

These tests commit for real (`transaction=True`), so they also prove that the journal can be emptied
between transactional tests on both engines (see `_journal_flushable_on_sqlite` in conftest.py).
"""

import threading
import time

import pytest
from django.db import connection, connections

from guichet.core.journal import record
from guichet.core.journal.chain import verify_chain
from guichet.core.journal.models import GENESIS_HASH, JournalEntry

pytestmark = pytest.mark.django_db(transaction=True)

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's in-memory test database has no separate connections; IMMEDIATE mode serialises writers",
)


def _in_thread(target, errors: list):
    def run():
        try:
            target()
        except Exception as exc:  # reported by the test, not lost in the thread
            errors.append(exc)
        finally:
            connections.close_all()

    return threading.Thread(target=run)


def test_a_transactional_test_can_journal_and_the_journal_is_emptied_afterwards():
    entry = record(action="test.committed", subject_type="test", subject_id="1")
    assert entry.sequence == 1 and entry.previous_hash == GENESIS_HASH


@postgresql_only
def test_two_writers_at_once_never_fork_the_chain():
    per_writer, writers = 25, 2
    barrier, errors = threading.Barrier(writers), []

    def write(name):
        def target():
            barrier.wait(timeout=10)
            for i in range(per_writer):
                record(action="test.concurrent", subject_type="writer", subject_id=f"{name}-{i}")

        return target

    threads = [_in_thread(write(name), errors) for name in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    sequences = list(JournalEntry.objects.order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, per_writer * writers + 1))
    report = verify_chain()
    assert report.ok, report.reason
    assert report.checked == per_writer * writers


@postgresql_only
def test_a_second_writer_waits_until_the_first_commits_then_chains_after_it():
    from django.db import transaction

    first_open, let_first_commit, second_done = threading.Event(), threading.Event(), threading.Event()
    errors = []
    results = {}
    record(action="test.seed", subject_type="writer", subject_id="0")  # the head row exists and is read

    def first():
        with transaction.atomic():
            results["first"] = record(action="test.first", subject_type="writer", subject_id="A")
            first_open.set()
            let_first_commit.wait(timeout=10)

    def second():
        first_open.wait(timeout=10)
        results["second"] = record(action="test.second", subject_type="writer", subject_id="B")
        second_done.set()

    threads = [_in_thread(first, errors), _in_thread(second, errors)]
    for thread in threads:
        thread.start()
    first_open.wait(timeout=10)
    time.sleep(0.5)
    assert not second_done.is_set(), "the second writer must wait for the head row held by the first"
    let_first_commit.set()
    for thread in threads:
        thread.join(timeout=20)
    assert errors == []
    assert results["second"].sequence == results["first"].sequence + 1
    assert results["second"].previous_hash == results["first"].hash
    assert verify_chain().ok
