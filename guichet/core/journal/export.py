"""Write the head of the chain (number and hash of the last entry) to a file meant to be kept elsewhere.

Anyone able to rewrite the database could rebuild a consistent chain; a head exported yesterday to
another machine lets `verify_journal --against` notice it.
"""

import os
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from guichet.core.journal.chain import canonical_json, utc_timestamp
from guichet.core.journal.models import JournalEntry
from guichet.core.journal.selectors import head

EXPORT_FILENAME = "journal-head.jsonl"


def export_head(*, directory: Path | str | None = None) -> dict:
    """Append one JSON line `{"exported_at", "hash", "sequence"}` to JOURNAL_EXPORT_DIR/journal-head.jsonl."""
    directory = Path(directory or settings.JOURNAL_EXPORT_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    sequence, hash_ = head()
    line = {"exported_at": utc_timestamp(timezone.now()), "hash": hash_, "sequence": sequence}
    if sequence:
        line["entry_id"] = str(JournalEntry.objects.values_list("id", flat=True).get(sequence=sequence))
    path = directory / EXPORT_FILENAME
    with path.open("a", encoding="utf-8") as file:
        file.write(canonical_json(line) + "\n")
        file.flush()
        os.fsync(file.fileno())
    return {**line, "path": str(path)}
