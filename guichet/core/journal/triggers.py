"""The database triggers that make `core_journalentry` append-only, per engine.

Migration `core.0003_journal_triggers` installs the same statements (migrations keep their own copy,
as history). Tests use these to lift the guard for a moment and prove that verification still
catches what the guard would have stopped.
"""

from contextlib import contextmanager

from django.core.exceptions import ImproperlyConfigured

TABLE = "core_journalentry"

_SQLITE_CREATE = [
    f"CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'Journal en ajout seul : modification refusée.'); END",
    f"CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'Journal en ajout seul : suppression refusée.'); END",
]
_SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {TABLE}_no_update", f"DROP TRIGGER IF EXISTS {TABLE}_no_delete"]

_POSTGRES_CREATE = [
    "CREATE OR REPLACE FUNCTION core_journal_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION USING ERRCODE = 'restrict_violation', "
    "MESSAGE = 'Journal en ajout seul : ' || TG_OP || ' refusé sur ' || TG_TABLE_NAME || '.'; END $$",
    f"CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION core_journal_refuse_change()",
    f"CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION core_journal_refuse_change()",
]
_POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update ON {TABLE}",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete ON {TABLE}",
    "DROP FUNCTION IF EXISTS core_journal_refuse_change()",
]

CREATE = {"sqlite": _SQLITE_CREATE, "postgresql": _POSTGRES_CREATE}
DROP = {"sqlite": _SQLITE_DROP, "postgresql": _POSTGRES_DROP}
TRIGGER_NAMES = (f"{TABLE}_no_update", f"{TABLE}_no_delete")


def create_statements(vendor: str) -> list[str]:
    try:
        return CREATE[vendor]
    except KeyError:
        raise ImproperlyConfigured(
            f"Journal triggers are written for SQLite and PostgreSQL, not {vendor}."
        ) from None


def drop_statements(vendor: str) -> list[str]:
    try:
        return DROP[vendor]
    except KeyError:
        raise ImproperlyConfigured(
            f"Journal triggers are written for SQLite and PostgreSQL, not {vendor}."
        ) from None


@contextmanager
def flush_around_triggers():
    """For test suites only: let `flush` empty the journal on SQLite by dropping the triggers around it."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    DatabaseOperations = DatabaseWrapper.ops_class
    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, **kwargs):
        statements = original(self, style, tables, **kwargs)
        if TABLE not in tables:
            return statements
        return [*_SQLITE_DROP, *statements, *_SQLITE_CREATE]

    DatabaseOperations.sql_flush = sql_flush
    try:
        yield
    finally:
        DatabaseOperations.sql_flush = original


@contextmanager
def triggers_lifted(connection):
    """For tests only: switch the guard off inside the current transaction, and back on afterwards."""
    vendor = connection.vendor
    if vendor == "postgresql":
        lift = [f"ALTER TABLE {TABLE} DISABLE TRIGGER USER"]
        restore = [f"ALTER TABLE {TABLE} ENABLE TRIGGER USER"]
    else:
        lift, restore = drop_statements(vendor), create_statements(vendor)
    with connection.cursor() as cursor:
        for sql in lift:
            cursor.execute(sql)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for sql in restore:
                cursor.execute(sql)
