from django_tasks import task


@task()
def deliver_notification(notification_id: str) -> str:
    from guichet.core.notifications.services import deliver

    return deliver(notification_id=notification_id).status


@task()
def export_journal_head() -> dict:
    """Daily: append the journal's head hash to JOURNAL_EXPORT_DIR (see docs/exploitation.md)."""
    from guichet.core.journal.export import export_head

    return export_head()
