"""An agent's calendar feed behind a secret address, which the agent can reset."""

import datetime
import hashlib
import secrets

from django.db.models import Q
from django.utils import timezone

from guichet.appointments.models import Booking, CalendarFeed


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def reset_feed(user) -> str:
    """A new secret for `user`'s feed (shown once); the previous address stops working."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(user=user, defaults={"token_hash": _digest(token)})
    return token


def user_for_token(token: str):
    feed = CalendarFeed.objects.select_related("user").filter(token_hash=_digest(token or "")).first()
    if feed is None or not feed.user.is_active:
        return None
    return feed.user


def feed_bookings(user, organisation_ids):
    """The agent's own appointments, and those of their organisations that name no agent, from a month
    ago on (cancelled ones stay, marked cancelled, so that calendars remove them)."""
    since = timezone.now() - datetime.timedelta(days=31)
    return (
        Booking.objects.filter(starts_at__gte=since)
        .filter(Q(agent=user) | Q(agent__isnull=True, motif__organisation_id__in=organisation_ids))
        .select_related("motif__place")
        .order_by("starts_at")
    )
