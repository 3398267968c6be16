"""Make core_journalentry append-only: UPDATE and DELETE are refused by the database itself.

The SQL is copied here on purpose (a migration is history); guichet/core/journal/triggers.py holds the
current version, used by the tests.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import migrations

TABLE = "core_journalentry"

CREATE = {
    "sqlite": [
        f"CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
        "BEGIN SELECT RAISE(ABORT, 'Journal en ajout seul : modification refusée.'); END",
        f"CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
        "BEGIN SELECT RAISE(ABORT, 'Journal en ajout seul : suppression refusée.'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION core_journal_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION USING ERRCODE = 'restrict_violation', "
        "MESSAGE = 'Journal en ajout seul : ' || TG_OP || ' refusé sur ' || TG_TABLE_NAME || '.'; END $$",
        f"CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION core_journal_refuse_change()",
        f"CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION core_journal_refuse_change()",
    ],
}
DROP = {
    "sqlite": [f"DROP TRIGGER IF EXISTS {TABLE}_no_update", f"DROP TRIGGER IF EXISTS {TABLE}_no_delete"],
    "postgresql": [
        f"DROP TRIGGER IF EXISTS {TABLE}_no_update ON {TABLE}",
        f"DROP TRIGGER IF EXISTS {TABLE}_no_delete ON {TABLE}",
        "DROP FUNCTION IF EXISTS core_journal_refuse_change()",
    ],
}


def _run(statements):
    def operation(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements:
            raise ImproperlyConfigured(f"Journal triggers are written for SQLite and PostgreSQL, not {vendor}.")
        for sql in statements[vendor]:
            schema_editor.execute(sql, params=None)

    return operation


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_journal"),
    ]

    operations = [
        migrations.RunPython(_run(CREATE), _run(DROP), elidable=False),
    ]
