"""What the places module holds about people: referrals (« orientations ») carry the person's name, their
contact details and a note for the place.

- **Retention**: GUICHET_RETENTION_REFERRAL_DAYS after a referral was made, its name, contact details,
  note and refusal reason are wiped; the referral stays counted (need, place, status, outcome), which the
  observatory reads for « orientations qui ont abouti ».
- **Export, erasure**: a referral is not linked to an account (the person is named, not logged in); what
  Guichet holds about an account holder is exported and erased by the other modules.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from guichet.core.privacy import RetentionResult
from guichet.core.privacy.services import cutoff
from guichet.places.models import Referral


def retention(*, now, dry_run: bool) -> list[RetentionResult]:
    days = settings.GUICHET_RETENTION_REFERRAL_DAYS
    old = Referral.objects.filter(created_at__lt=cutoff(days, now=now)).exclude(person_name="")
    count = old.count()
    if not dry_run:
        old.update(person_name="", contact="", shared_note="", decline_reason="")
    return [
        RetentionResult(
            _("Orientations vers un lieu"),
            _("plus de %d jours après l'orientation") % days,
            count,
            _("nom, coordonnées et note effacés"),
        )
    ]


def export(person) -> dict:
    return {}


def erasure_refusals(person) -> list[str]:
    return []


def erase(person) -> None:
    return None
