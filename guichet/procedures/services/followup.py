import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.core.exceptions import InvalidInput
from guichet.procedures.models import Dossier, FollowupFailure
from guichet.procedures.services.common import code_fingerprint, code_matches, new_followup_code, record_event

MAX_FAILURES = 5
FAILURE_WINDOW = datetime.timedelta(minutes=15)


def check_followup(*, number: str, code: str) -> Dossier:
    """The dossier if number and code match; slowed down after repeated failures on a number.

    Not atomic on purpose: the failure must stay recorded when the error is raised.
    """
    number = (number or "").strip().upper()
    recent = FollowupFailure.objects.filter(number=number, at__gte=timezone.now() - FAILURE_WINDOW).count()
    if recent >= MAX_FAILURES:
        raise InvalidInput(
            _(
                "Trop d'essais pour ce numéro de dossier. Réessayez dans 15 minutes, ou appelez le service : "
                "un agent peut vous redonner un code."
            )
        )
    dossier = Dossier.objects.filter(number=number).first()
    if dossier is None or not code_matches(dossier, code):
        FollowupFailure.objects.create(number=number[:20])
        raise InvalidInput(
            _(
                "Le numéro de dossier ou le code de suivi ne correspond pas. Vérifiez les deux, tels qu'imprimés."
            )
        )
    return dossier


@transaction.atomic
def reset_followup_code(*, dossier: Dossier, actor) -> str:
    """An agent gives a new code to a person who lost theirs (after checking who they are)."""
    code = new_followup_code()
    dossier.followup_code_hash = code_fingerprint(code)
    dossier.save(update_fields=["followup_code_hash", "updated_at"])
    record_event(dossier=dossier, action="followup_code_reset", actor=actor, channel="")
    return code
