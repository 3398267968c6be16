"""Exporting the head of the journal, and checking a chain against earlier exports."""

import json
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from guichet.accounts.tests.factories import OrganisationFactory, UserFactory
from guichet.core.channels import Channel
from guichet.core.journal import (
    record,
)
from guichet.core.journal.models import GENESIS_HASH, JournalEntry, JournalHead
from guichet.core.journal.triggers import TABLE, triggers_lifted

pytestmark = pytest.mark.django_db


def _record_full(n: int = 1, **overrides) -> list[JournalEntry]:
    """n entries with every optional field filled, so that every stored field carries a value."""
    actor = overrides.pop("actor", None) or UserFactory()
    organisation = OrganisationFactory()
    entries = []
    for i in range(n):
        kwargs = {
            "action": "dossier.submitted",
            "actor": actor,
            "channel": Channel.COUNTER,
            "organisation_id": organisation.pk,
            "subject_type": "dossier",
            "subject_id": f"D-{i}",
            "on_behalf_of_id": uuid.uuid4(),
            "mandate_id": uuid.uuid4(),
            "data": {"step": i, "pieces": ["avis-imposition"], "urgent": False},
        }
        entries.append(record(**{**kwargs, **overrides}))
    return entries


def _raw_update(entry_id, field: str, value) -> None:
    model_field = JournalEntry._meta.get_field(field)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET {model_field.column} = %s WHERE id = %s",
            [
                model_field.get_db_prep_value(value, connection, prepared=False),
                JournalEntry._meta.pk.get_db_prep_value(entry_id, connection, prepared=False),
            ],
        )


def _verify(*args) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_journal", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return exc.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


# The chain


def test_verify_journal_against_an_export_detects_a_chain_rebuilt_from_scratch(tmp_path):
    from guichet.core.journal.chain import entry_hash

    _record_full(3)
    call_command("export_journal_head", "--dir", str(tmp_path), stdout=StringIO(), stderr=StringIO())
    with triggers_lifted(connection):
        previous = GENESIS_HASH
        for entry in JournalEntry.objects.order_by("sequence"):
            entry.previous_hash = previous
            if entry.sequence == 2:
                entry.data = {"step": 99}
            entry.hash = entry_hash(entry)
            _raw_update(entry.id, "previous_hash", "0" * 63 + str(entry.sequence))  # keep uniqueness
            _raw_update(entry.id, "data", entry.data)
            _raw_update(entry.id, "hash", entry.hash)
            _raw_update(entry.id, "previous_hash", entry.previous_hash)
            previous = entry.hash
        JournalHead.objects.update(hash=previous)
    assert _verify()[0] == 0, "a forger who rewrites every hash fools the chain alone"
    code, _out, err = _verify("--against", str(tmp_path / "journal-head.jsonl"))
    assert code == 1
    assert "l'entrée n° 3 ne porte plus l'empreinte exportée" in err


def test_verify_journal_against_an_export_of_the_same_chain_passes(tmp_path):
    _record_full(2)
    call_command("export_journal_head", "--dir", str(tmp_path), stdout=StringIO(), stderr=StringIO())
    _record_full(1)
    code, out, _err = _verify("--against", str(tmp_path / "journal-head.jsonl"))
    assert code == 0
    assert "1 têtes exportées concordent" in out


# Export of the head


def test_export_journal_head_appends_one_json_line_per_run(settings, tmp_path):
    settings.JOURNAL_EXPORT_DIR = tmp_path / "exports"
    call_command("export_journal_head", stdout=StringIO(), stderr=StringIO())
    entries = _record_full(2)
    out = StringIO()
    call_command("export_journal_head", stdout=out, stderr=StringIO())
    lines = (tmp_path / "exports" / "journal-head.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["sequence"] for line in lines] == [0, 2]
    assert json.loads(lines[0])["hash"] == GENESIS_HASH
    last = json.loads(lines[1])
    assert last["hash"] == entries[-1].hash and last["entry_id"] == str(entries[-1].id)
    assert last["exported_at"].endswith("Z")
    assert json.loads(out.getvalue()) == last


def test_the_export_task_writes_the_head(settings, tmp_path):
    from guichet.core.tasks import export_journal_head

    settings.JOURNAL_EXPORT_DIR = tmp_path
    (entry,) = _record_full(1)
    result = export_journal_head.enqueue()
    assert result.return_value["hash"] == entry.hash
    assert entry.hash in (tmp_path / "journal-head.jsonl").read_text(encoding="utf-8")


# Names stay out of the chain
