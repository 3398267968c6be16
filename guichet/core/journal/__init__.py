"""The audit journal shared by every module: append-only, hash-chained, free of names.

    from guichet.core.journal import record
    record(action="dossier.submitted", actor=request.user, channel=Channel.COUNTER,
           subject_type="dossier", subject_id=str(dossier.pk), on_behalf_of_id=dossier.usager_id)

See `chain.py` for the canonical serialisation and `docs/architecture.md` for the choices.
"""

from guichet.core.journal.models import JournalEntry, JournalPersonLabel
from guichet.core.journal.selectors import entries_for_subject, entries_on_behalf_of
from guichet.core.journal.services import pseudonymise_person, record, set_person_label

__all__ = [
    "JournalEntry",
    "JournalPersonLabel",
    "entries_for_subject",
    "entries_on_behalf_of",
    "pseudonymise_person",
    "record",
    "set_person_label",
]
