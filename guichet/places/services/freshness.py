"""Places not updated for 12 months: their responsables are told, once a month, by e-mail."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.accounts.models import Membership, Role
from guichet.core.notifications.services import send_notification
from guichet.places.models import Place
from guichet.places.selectors import STALE_AFTER_DAYS

REMIND_EVERY = datetime.timedelta(days=30)


@transaction.atomic
def notify_stale_places(*, now=None) -> int:
    """One e-mail per responsable listing their structure's stale places; returns the e-mails sent."""
    now = now or timezone.now()
    limit = timezone.localdate(now) - datetime.timedelta(days=STALE_AFTER_DAYS)
    stale = Place.objects.filter(
        merged_into__isnull=True, organisation__isnull=False, date_maj__lt=limit
    ).exclude(stale_notified_at__gt=now - REMIND_EVERY)
    by_organisation: dict = {}
    for place in stale.select_related("organisation"):
        by_organisation.setdefault(place.organisation, []).append(place)
    sent = 0
    for organisation, places in by_organisation.items():
        names = "\n".join(f"- {p.nom} (mis à jour le {p.date_maj:%d/%m/%Y})" for p in places)
        responsables = Membership.objects.filter(
            organisation=organisation, role=Role.RESPONSABLE, is_active=True
        ).select_related("user")
        for membership in responsables:
            if not membership.user.email:
                continue
            send_notification(
                kind="email",
                recipient=membership.user.email,
                subject=_("Fiches de lieux à mettre à jour : %s") % organisation.name,
                body=_(
                    "Ces fiches n'ont pas été mises à jour depuis plus d'un an ; le public les voit comme "
                    "« peut-être dépassées ». Vérifiez-les dans Guichet (Modifier la fiche) :\n%s"
                )
                % names,
                organisation_id=organisation.pk,
            )
            sent += 1
        Place.objects.filter(pk__in=[p.pk for p in places]).update(stale_notified_at=now)
    return sent
