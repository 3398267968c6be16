"""Canonical serialisation of a journal entry, its hash, and the verification of the whole chain.

The canonical form of an entry is the UTF-8 encoding of a JSON object holding every stored field
except `hash` (see `HASHED_FIELDS`), with keys sorted at every level, no whitespace
(separators `,` and `:`), non-ASCII characters written as themselves, and:
- UUIDs as lowercase strings with hyphens (`str(uuid)`), or `null` when absent;
- `created_at` in UTC as `YYYY-MM-DDTHH:MM:SS.ffffffZ` (always six digits of microseconds);
- `sequence` as a JSON integer; `channel` as its stored code (`""` when none);
- `data` as stored: objects, arrays, strings, integers, booleans and `null` only (no floats, whose
  text PostgreSQL's jsonb may rewrite).
`hash` is the lowercase hexadecimal SHA-256 of that form; `previous_hash` is the `hash` of the entry
numbered `sequence - 1`, or 64 zeros for entry n° 1.
"""

import datetime
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from guichet.core.journal.models import GENESIS_HASH, JournalEntry, JournalHead

HASHED_FIELDS = (
    "id",
    "sequence",
    "created_at",
    "action",
    "actor_id",
    "channel",
    "organisation_id",
    "subject_type",
    "subject_id",
    "on_behalf_of_id",
    "mandate_id",
    "data",
    "previous_hash",
)
_UUID_FIELDS = {"id", "actor_id", "organisation_id", "on_behalf_of_id", "mandate_id"}


def canonical_json(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def utc_timestamp(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_payload(entry: JournalEntry) -> dict:
    payload = {}
    for name in HASHED_FIELDS:
        value = getattr(entry, name)
        if name in _UUID_FIELDS:
            value = None if value is None else str(value)
        elif name == "created_at":
            value = utc_timestamp(value)
        payload[name] = value
    return payload


def canonical_bytes(entry: JournalEntry) -> bytes:
    return canonical_json(canonical_payload(entry)).encode("utf-8")


def entry_hash(entry: JournalEntry) -> str:
    return hashlib.sha256(canonical_bytes(entry)).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    """What `verify_chain` found: `bad_sequence` is the number of the first entry that fails."""

    checked: int
    head_sequence: int
    head_hash: str
    bad_sequence: int | None = None
    bad_entry_id: str | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.bad_sequence is None


def verify_chain(entries: Iterable[JournalEntry] | None = None) -> ChainReport:
    """Walk the entries in sequence order and stop at the first one that breaks the chain."""
    if entries is None:
        entries = JournalEntry.objects.order_by("sequence").iterator(chunk_size=2000)
    expected_sequence, expected_previous, checked = 1, GENESIS_HASH, 0
    for entry in entries:
        reason = ""
        if entry.sequence != expected_sequence:
            reason = _("l'entrée n° %(missing)d manque : l'entrée suivante porte le n° %(found)d.") % {
                "missing": expected_sequence,
                "found": entry.sequence,
            }
        elif entry.previous_hash != expected_previous:
            reason = _("elle ne désigne pas l'empreinte de l'entrée précédente (chaînage rompu).")
        elif entry_hash(entry) != entry.hash:
            reason = _("son contenu ne correspond plus à son empreinte (entrée modifiée).")
        if reason:
            return ChainReport(
                checked=checked,
                head_sequence=expected_sequence - 1,
                head_hash=expected_previous,
                bad_sequence=expected_sequence,
                bad_entry_id=str(entry.id),
                reason=reason,
            )
        checked += 1
        expected_sequence, expected_previous = entry.sequence + 1, entry.hash
    report = ChainReport(checked=checked, head_sequence=expected_sequence - 1, head_hash=expected_previous)
    return _check_head(report)


def _check_head(report: ChainReport) -> ChainReport:
    """Entries removed from the end leave an intact chain; the head row still remembers them."""
    head = JournalHead.objects.filter(pk=JournalHead.SINGLETON).first()
    if head is None or (head.sequence, head.hash) == (report.head_sequence, report.head_hash):
        return report
    return ChainReport(
        checked=report.checked,
        head_sequence=report.head_sequence,
        head_hash=report.head_hash,
        bad_sequence=report.head_sequence + 1,
        reason=_(
            "la tête du journal annonce l'entrée n° %(head)d d'empreinte %(hash)s, "
            "mais la dernière entrée présente est la n° %(last)d."
        )
        % {"head": head.sequence, "hash": head.hash, "last": report.head_sequence},
    )


def check_exported_heads(lines: Iterable[str]) -> tuple[int, str]:
    """Compare heads exported earlier (JSON lines) with the chain; return (lines checked, first error)."""
    checked = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            exported = json.loads(line)
            sequence, expected_hash = int(exported["sequence"]), exported["hash"]
        except (ValueError, KeyError, TypeError):
            return checked, _("ligne %(line)d de l'export illisible.") % {"line": number}
        if sequence == 0:
            checked += 1
            continue
        stored = JournalEntry.objects.filter(sequence=sequence).values_list("hash", flat=True).first()
        if stored != expected_hash:
            return checked, _(
                "l'entrée n° %(sequence)d ne porte plus l'empreinte exportée le %(date)s (ligne %(line)d)."
            ) % {"sequence": sequence, "date": exported.get("exported_at", "?"), "line": number}
        checked += 1
    return checked, ""
