"""What the instruction module holds about people: the agents' internal thread on dossiers.

- **Retention**: the thread of a dossier closed for GUICHET_RETENTION_CLOSED_DOSSIER_YEARS is deleted,
  when procedures pseudonymises the dossier itself.
- **Export**: the internal thread is the service's working notes on the file; it is not part of the
  automatic export. A person's access request that asks for it is examined by the responsable (RGPD art.
  15 covers personal data in internal notes; CRPA L311-5 and L311-6 limit what is communicated while a
  decision is being prepared and what concerns third parties). See docs/instruction.md.
- **Erasure**: dossiers are administrative records kept by procedures; their thread goes with them.
"""

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from guichet.core.privacy import RetentionResult
from guichet.instruction.models import InternalMessage
from guichet.procedures.privacy import CLOSED_STATES


def retention(*, now, dry_run: bool) -> list[RetentionResult]:
    years = settings.GUICHET_RETENTION_CLOSED_DOSSIER_YEARS
    old = InternalMessage.objects.filter(
        dossier__state__in=CLOSED_STATES,
        dossier__updated_at__lt=now - datetime.timedelta(days=365 * years),
    )
    count = old.count()
    if not dry_run:
        old.delete()
    return [
        RetentionResult(
            _("Messages entre agents des dossiers clos"),
            _("plus de %d ans après la clôture") % years,
            count,
            _("supprimé(s)"),
        )
    ]


def export(person) -> dict:
    return {}


def erasure_refusals(person) -> list[str]:
    return []


def erase(person) -> None:
    return None
