import datetime
import hashlib
import json
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from guichet.accounts.tests.factories import OrganisationFactory, UserFactory
from guichet.core.channels import Channel
from guichet.core.exceptions import InvalidInput
from guichet.core.journal import (
    entries_for_subject,
    entries_on_behalf_of,
    pseudonymise_person,
    record,
    set_person_label,
)
from guichet.core.journal.chain import HASHED_FIELDS, canonical_bytes, verify_chain
from guichet.core.journal.models import GENESIS_HASH, JournalEntry, JournalHead, JournalPersonLabel
from guichet.core.journal.triggers import TABLE, TRIGGER_NAMES, triggers_lifted

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


def test_entries_are_numbered_and_each_holds_the_hash_of_the_previous_one():
    first, second, third = _record_full(3)
    assert [first.sequence, second.sequence, third.sequence] == [1, 2, 3]
    assert first.previous_hash == GENESIS_HASH
    assert second.previous_hash == first.hash
    assert third.previous_hash == second.hash
    assert verify_chain().ok
    assert JournalHead.objects.get().hash == third.hash


def test_hash_is_sha256_of_sorted_compact_json_of_every_field_but_the_hash():
    actor = UserFactory()
    entry = record(
        action="mandat.signé",
        actor=actor,
        channel=Channel.AIDANT,
        subject_type="mandate",
        subject_id="M-1",
        data={"b": 1, "a": {"z": True, "y": None}},
    )
    entry.refresh_from_db()
    expected = {
        "action": "mandat.signé",
        "actor_id": str(actor.pk),
        "channel": "aidant",
        "created_at": entry.created_at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "data": {"a": {"y": None, "z": True}, "b": 1},
        "id": str(entry.id),
        "mandate_id": None,
        "on_behalf_of_id": None,
        "organisation_id": None,
        "previous_hash": GENESIS_HASH,
        "sequence": 1,
        "subject_id": "M-1",
        "subject_type": "mandate",
    }
    text = json.dumps(expected, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert canonical_bytes(entry) == text.encode("utf-8")
    assert entry.hash == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert text.startswith('{"action":"mandat.signé","actor_id":')


def test_the_hash_covers_every_stored_field_except_itself():
    stored = {field.name for field in JournalEntry._meta.concrete_fields}
    assert set(HASHED_FIELDS) == stored - {"hash"}


def test_a_system_action_has_no_actor_and_no_channel():
    entry = record(action="outage.declared", subject_type="service", subject_id="S-1")
    assert entry.actor_id is None and entry.channel == ""
    assert entries_for_subject("service", "S-1").get().actor_label is None


# The database refuses changes


@pytest.mark.parametrize(
    "sql",
    [f"UPDATE {TABLE} SET action = 'effacé'", f"DELETE FROM {TABLE}"],
    ids=["update", "delete"],
)
def test_the_database_refuses_to_update_or_delete_an_entry(sql):
    _record_full(2)
    with (
        pytest.raises(IntegrityError, match="ajout seul"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert JournalEntry.objects.filter(action="dossier.submitted").count() == 2


def test_the_orm_cannot_change_nor_delete_an_entry_either():
    (entry,) = _record_full(1)
    entry.action = "autre"
    with pytest.raises(IntegrityError), transaction.atomic():
        entry.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        JournalEntry.objects.all().delete()
    assert verify_chain().ok


def test_the_guard_triggers_are_installed_by_the_migrations():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND tgenabled = 'O'", [TABLE]
            )
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE])
        names = {row[0] for row in cursor.fetchall()}
    assert names == set(TRIGGER_NAMES)


# verify_journal


def test_verify_journal_exits_0_and_names_the_head_when_the_chain_is_intact():
    entries = _record_full(3)
    code, out, err = _verify()
    assert code == 0, err
    assert "Journal intact : 3 entrées vérifiées" in out
    assert entries[-1].hash in out


def test_verify_journal_accepts_an_empty_journal():
    code, out, _err = _verify()
    assert code == 0
    assert "0 entrées" in out


def _different(field: str, entry: JournalEntry):
    current = getattr(entry, field)
    if field in {"id", "actor_id", "organisation_id", "on_behalf_of_id", "mandate_id"}:
        return uuid.uuid4()
    if field == "sequence":
        return current + 1000
    if field == "created_at":
        return current + datetime.timedelta(microseconds=1)
    if field == "channel":
        return Channel.PHONE
    if field == "data":
        return {**current, "step": current["step"] + 1}
    if field in {"previous_hash", "hash"}:
        return "f" * 64
    return current + "x"


@pytest.mark.parametrize("field", [f.name for f in JournalEntry._meta.concrete_fields])
def test_verify_journal_names_the_entry_altered_behind_the_triggers_back(field):
    entries = _record_full(5)
    target = entries[2]
    original, altered = getattr(target, field), _different(field, target)
    with triggers_lifted(connection):
        _raw_update(target.id, field, altered)
        code, _out, err = _verify()
        assert code == 1
        assert "Journal altéré : première entrée fautive n° 3 " in err
        # A renumbered entry leaves a gap at n° 3, found on the next one.
        named = {"id": altered, "sequence": entries[3].id}.get(field, target.id)
        assert f"(id {named})" in err
        _raw_update(altered if field == "id" else target.id, field, original)
    assert _verify()[0] == 0


def test_verify_journal_detects_an_entry_deleted_in_the_middle():
    entries = _record_full(5)
    with triggers_lifted(connection), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE sequence = 3")
    code, _out, err = _verify()
    assert code == 1
    assert "n° 3" in err and "l'entrée n° 3 manque" in err
    assert str(entries[3].id) in err


def test_verify_journal_detects_entries_removed_from_the_end_through_the_head():
    _record_full(4)
    with triggers_lifted(connection), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE sequence = 4")
    code, _out, err = _verify()
    assert code == 1
    assert "première entrée fautive n° 4 " in err and "la tête du journal annonce l'entrée n° 4" in err


def test_the_chain_holds_no_name_nor_email_of_the_actor():
    actor = UserFactory(first_name="Jeannine", last_name="Leroy", email="jeannine.leroy@exemple.fr")
    usager = UserFactory(first_name="Marcel", last_name="Petit")
    record(
        action="dossier.submitted",
        actor=actor,
        channel=Channel.AIDANT,
        subject_type="dossier",
        subject_id="D-1",
        on_behalf_of_id=usager.pk,
    )
    stored = b"".join(canonical_bytes(entry) for entry in JournalEntry.objects.all())
    for personal in (b"Jeannine", b"Leroy", b"Marcel", b"Petit", b"@exemple.fr"):
        assert personal not in stored
    shown = entries_on_behalf_of(usager.pk).get()
    assert shown.actor_label == "Jeannine Leroy"
    assert shown.on_behalf_of_label == "Marcel Petit"


def test_pseudonymising_a_person_hides_the_name_and_keeps_the_chain_valid():
    actor = UserFactory(first_name="Jeannine", last_name="Leroy")
    _record_full(2, actor=actor)
    label = pseudonymise_person(person_id=actor.pk)
    assert label.label.startswith("Personne ") and "Leroy" not in label.label
    assert pseudonymise_person(person_id=actor.pk).label == label.label
    _record_full(1, actor=actor)
    assert JournalPersonLabel.objects.get(person_id=actor.pk).label == label.label
    assert {entry.actor_label for entry in entries_for_subject("dossier", "D-0")} == {label.label}
    assert _verify()[0] == 0


def test_a_person_without_account_can_be_labelled_for_the_journal():
    person_id = uuid.uuid4()
    record(action="dossier.created", subject_type="dossier", subject_id="D-9", on_behalf_of_id=person_id)
    assert entries_on_behalf_of(person_id).get().on_behalf_of_label is None
    set_person_label(person_id=person_id, label="Mme Colette Martin")
    assert entries_on_behalf_of(person_id).get().on_behalf_of_label == "Mme Colette Martin"
    with pytest.raises(InvalidInput):
        set_person_label(person_id=None, label="Personne")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"data": {"contact": "colette@exemple.fr"}}, "adresse électronique"),
        ({"data": {"montant": 12.5}}, "float"),
        ({"data": {1: "un"}}, "clés"),
        ({"channel": "pigeon"}, "Canal inconnu"),
        ({"on_behalf_of_id": "colette"}, "UUID"),
        ({"action": "  "}, "obligatoire"),
    ],
)
def test_record_refuses_what_would_break_or_leak_into_the_chain(kwargs, message):
    base = {"action": "dossier.created", "subject_type": "dossier", "subject_id": "D-1"}
    with pytest.raises(InvalidInput, match=message):
        record(**{**base, **kwargs})
    assert not JournalEntry.objects.exists()


# Selectors


def test_selectors_return_the_entries_of_one_subject_and_of_one_person_in_order():
    person = uuid.uuid4()
    record(action="a", subject_type="dossier", subject_id="D-1", on_behalf_of_id=person)
    record(action="b", subject_type="dossier", subject_id="D-2")
    record(action="c", subject_type="dossier", subject_id="D-1")
    record(action="d", subject_type="mandate", subject_id="M-1", on_behalf_of_id=person)
    assert [e.action for e in entries_for_subject("dossier", "D-1")] == ["a", "c"]
    assert [e.action for e in entries_on_behalf_of(person)] == ["a", "d"]


# Admin


def test_the_admin_shows_the_journal_but_allows_no_change(client, login_with_2fa):
    (entry,) = _record_full(1)
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    login_with_2fa(client, admin_user)
    assert client.get("/administration/core/journalentry/").status_code == 200
    assert client.get(f"/administration/core/journalentry/{entry.pk}/change/").status_code == 200
    assert client.get("/administration/core/journalentry/add/").status_code == 403
    assert client.post(f"/administration/core/journalentry/{entry.pk}/delete/").status_code == 403
    assert (
        client.post(f"/administration/core/journalentry/{entry.pk}/change/", {"action": "x"}).status_code
        == 403
    )
    assert JournalEntry.objects.get().action == "dossier.submitted"


# Documentation


@pytest.mark.parametrize("command", ["verify_journal", "export_journal_head"])
def test_the_journal_commands_and_options_in_the_operations_guide_exist(command):
    import re
    from pathlib import Path

    from django.core.management import load_command_class

    guide = (Path(__file__).resolve().parents[3] / "docs" / "exploitation.md").read_text(encoding="utf-8")
    documented = set(re.findall(rf"manage\.py {command}((?: --[a-z-]+)*)", guide))
    assert documented, f"{command} is not documented in docs/exploitation.md"
    help_text = load_command_class("guichet.core", command).create_parser("manage.py", command).format_help()
    for options in documented:
        for option in options.split():
            assert option in help_text
