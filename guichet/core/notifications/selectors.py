from django.db.models import QuerySet

from guichet.core.models import Notification


def letters_to_post(*, organisation_ids) -> QuerySet[Notification]:
    """Letters of these organisations not yet put in the mail, oldest first."""
    return (
        Notification.objects.filter(
            kind=Notification.Kind.LETTER, organisation_id__in=organisation_ids, posted_at__isnull=True
        )
        .select_related("replaces")
        .order_by("created_at")
    )


def letters_posted(*, organisation_ids, limit=50) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(
            kind=Notification.Kind.LETTER, organisation_id__in=organisation_ids, posted_at__isnull=False
        )
        .select_related("posted_by")
        .order_by("-posted_at")[:limit]
    )


def letter_for(*, notification_id, organisation_ids) -> Notification | None:
    return Notification.objects.filter(
        pk=notification_id, kind=Notification.Kind.LETTER, organisation_id__in=organisation_ids
    ).first()
