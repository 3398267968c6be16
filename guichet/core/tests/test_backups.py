"""A backup restored into an EMPTY database gives back every table row for row, and a journal whose
chain verifies and whose guard (the append-only triggers) still holds. On SQLite and on PostgreSQL."""

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import UserFactory, member
from guichet.core.journal import JournalEntry
from guichet.procedures.models import Attachment
from guichet.procedures.services import messages, transitions
from guichet.procedures.tests.test_services import deposited

REPO = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db(transaction=True)


def _world():
    dossier = deposited()
    agent = member(Role.AGENT, organisation=dossier.organisation)
    transitions.start_instruction(dossier_id=dossier.pk, actor=agent)
    messages.message_to_usager(dossier=dossier, author=agent, body="Votre dossier avance — à bientôt.")
    transitions.decide(dossier_id=dossier.pk, actor=agent, accepted=True, motive="Conditions remplies")
    UserFactory(first_name="Zoé", last_name="Ølund")
    return dossier


def _rows(cursor, table: str, quote) -> list[tuple]:
    cursor.execute(f"SELECT * FROM {quote(table)}")
    return sorted(cursor.fetchall(), key=repr)


def _raw_postgres(name: str):
    """A plain psycopg connection: both databases read the same way, without Django's type adapters."""
    import psycopg

    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"], dbname=name
    )


def _source():
    if connection.vendor == "postgresql":
        return _raw_postgres(connection.settings_dict["NAME"])
    connection.ensure_connection()
    return connection.connection


class Restored:
    """An empty database of the same engine as the tests', its URL and a way to read it."""

    def __init__(self, tmp_path):
        db = connection.settings_dict
        if connection.vendor == "postgresql":
            self.name = f"{db['NAME']}_restore_{uuid.uuid4().hex[:8]}"
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE DATABASE "{self.name}"')
            host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
            self.url = f"postgres://{db['USER']}@{host}:{port}/{self.name}"
        else:
            self.name = str(tmp_path / "restauree.sqlite3")
            self.url = f"sqlite:///{self.name}"

    def connect(self):
        if connection.vendor == "postgresql":
            return _raw_postgres(self.name)
        # The same type detection as Django's own connection, so both sides read rows alike.
        return sqlite3.connect(self.name, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)

    def drop(self):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def restored(tmp_path):
    target = Restored(tmp_path)
    yield target
    target.drop()


def test_a_restored_backup_has_every_row_and_a_valid_guarded_journal(tmp_path, restored, settings):
    dossier = _world()
    attachment = Attachment.objects.get(dossier=dossier)
    files = []
    call_command("backup_database", dossier=tmp_path / "sauvegardes")
    files = sorted((tmp_path / "sauvegardes").iterdir())
    database_file = next(f for f in files if not f.name.endswith("-documents.tar.gz"))
    assert database_file.name.startswith("guichet-") and any(
        f.name.endswith("-documents.tar.gz") for f in files
    )

    call_command("restore_database", str(database_file), base=restored.url)

    tables = sorted(connection.introspection.table_names())
    assert "core_journalentry" in tables and "procedures_dossier" in tables
    copy, source = restored.connect(), _source()
    try:
        source_cursor, copy_cursor = source.cursor(), copy.cursor()
        for table in tables:
            assert _rows(copy_cursor, table, connection.ops.quote_name) == _rows(
                source_cursor, table, connection.ops.quote_name
            ), table
        assert JournalEntry.objects.count() >= 4
        # The guard survived: the restored journal still refuses an UPDATE, even in direct SQL.
        with pytest.raises(Exception, match="ajout seul"):
            copy_cursor.execute("UPDATE core_journalentry SET action = 'falsifié'")
    finally:
        copy.rollback()
        copy.close()
        if connection.vendor == "postgresql":
            source.close()

    verified = subprocess.run(
        [sys.executable, "manage.py", "verify_journal"],
        cwd=REPO,
        # the receipts kept with the dossiers are checked too: the subprocess reads this test's files
        env={**os.environ, "DATABASE_URL": restored.url, "MEDIA_ROOT": str(settings.MEDIA_ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert verified.returncode == 0, verified.stderr

    # The documents come back too, still encrypted and readable.
    Path(attachment.file.path).unlink()
    call_command("restore_database", str(database_file), base=restored.url, remplacer=True)
    with Attachment.objects.get(pk=attachment.pk).file.open("rb") as handle:
        assert handle.read().startswith(b"%PDF")


def test_restore_refuses_a_database_that_is_not_empty(tmp_path, restored):
    _world()
    call_command("backup_database", dossier=tmp_path)
    database_file = next(
        f for f in tmp_path.iterdir() if f.name.startswith("guichet-") and "documents" not in f.name
    )
    call_command("restore_database", str(database_file), base=restored.url)
    with pytest.raises(CommandError, match="pas vide"):
        call_command("restore_database", str(database_file), base=restored.url)
