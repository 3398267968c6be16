"""Reads on the journal, with the people's current labels (kept outside the chain)."""

from django.db.models import OuterRef, QuerySet, Subquery

from guichet.core.journal.models import GENESIS_HASH, JournalEntry, JournalPersonLabel


def with_labels(entries: QuerySet[JournalEntry]) -> QuerySet[JournalEntry]:
    """Annotate `actor_label` and `on_behalf_of_label` (None for the system or an unknown person)."""

    def label_of(field: str):
        return Subquery(JournalPersonLabel.objects.filter(person_id=OuterRef(field)).values("label")[:1])

    return entries.annotate(actor_label=label_of("actor_id"), on_behalf_of_label=label_of("on_behalf_of_id"))


def entries_for_subject(subject_type: str, subject_id) -> QuerySet[JournalEntry]:
    """Everything that happened to one object (a dossier, a mandate…), oldest first."""
    return with_labels(
        JournalEntry.objects.filter(subject_type=subject_type, subject_id=str(subject_id)).order_by(
            "sequence"
        )
    )


def entries_on_behalf_of(person_id) -> QuerySet[JournalEntry]:
    """Every action done for a person, by anyone: what "who acted for me" shows, oldest first."""
    return with_labels(JournalEntry.objects.filter(on_behalf_of_id=person_id).order_by("sequence"))


def head() -> tuple[int, str]:
    """(sequence, hash) of the last entry; (0, 64 zeros) while the journal is empty."""
    last = JournalEntry.objects.order_by("-sequence").values_list("sequence", "hash").first()
    return last or (0, GENESIS_HASH)
