"""Background tasks of core. Tasks call services, never the reverse: a task a service enqueues is
declared beside that service, and listed here under the path the worker already knows."""

from django_tasks import task

from guichet.core.notifications.services import deliver_notification

__all__ = ["deliver_notification", "export_journal_head"]


@task()
def export_journal_head() -> dict:
    """Daily: append the journal's head hash to JOURNAL_EXPORT_DIR (see docs/exploitation.md)."""
    from guichet.core.journal.export import export_head

    return export_head()
