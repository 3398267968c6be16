from django_tasks import task


@task()
def deliver_notification(notification_id: str) -> str:
    from guichet.core.notifications.services import deliver

    return deliver(notification_id=notification_id).status
