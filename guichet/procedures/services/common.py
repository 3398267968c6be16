import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.core import journal
from guichet.core.exceptions import Conflict, InvalidInput
from guichet.procedures.models import AnswerVersion, Dossier, DossierEvent
from guichet.procedures.workflow import TRANSITIONS

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud on the phone without doubt


def new_dossier_number() -> str:
    year = timezone.localdate().year
    while True:
        number = f"{year}-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
        if not Dossier.objects.filter(number=number).exists():
            return number


def new_followup_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_code(code: str) -> str:
    cleaned = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    return f"{cleaned[:4]}-{cleaned[4:8]}-{cleaned[8:]}" if len(cleaned) == 12 else cleaned


CODE_HASH_PREFIX = "hmac_sha256$"


def _code_digest(key: str, salt: str, code: str) -> str:
    return hmac.new(key.encode(), f"{salt}${normalise_code(code)}".encode(), hashlib.sha256).hexdigest()


def hash_code(code: str) -> str:
    """A slow password hash of a code (PBKDF2), checked with `check_password` (used by mandates)."""
    return make_password(normalise_code(code))


def code_fingerprint(code: str) -> str:
    """A keyed, salted fingerprint of a dossier's follow-up code, checked by `code_matches`.

    Not a slow password hash: the code is 12 random characters out of 31 (59 bits), guessing is
    throttled per dossier number, and the key (SECRET_KEY) is not in the database, so a stolen dump
    cannot be searched offline. PBKDF2 cost 0.8 s of CPU per start and per follow-up here (see
    docs/performance.md).
    """
    salt = secrets.token_hex(8)
    return f"{CODE_HASH_PREFIX}{salt}${_code_digest(settings.SECRET_KEY, salt, code)}"


def code_matches(dossier: Dossier, code: str) -> bool:
    return fingerprint_matches(dossier.followup_code_hash, code)


def fingerprint_matches(stored: str, code: str) -> bool:
    """Whether `code` is the one whose `code_fingerprint` (or older password hash) is `stored`."""
    if not stored:
        return False
    if not stored.startswith(CODE_HASH_PREFIX):
        return check_password(normalise_code(code), stored)  # codes given before this fingerprint
    salt, digest = stored.removeprefix(CODE_HASH_PREFIX).split("$", 1)
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return any(hmac.compare_digest(_code_digest(key, salt, code), digest) for key in keys)


def lock_dossier(dossier_id, *, expected_lock_version: int | None = None) -> Dossier:
    """Lock the dossier row for this transaction; refuse if someone saved it since the form was shown."""
    dossier = (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("procedure_version__procedure", "organisation")
        .get(pk=dossier_id)
    )
    if expected_lock_version is not None and dossier.lock_version != expected_lock_version:
        raise Conflict(
            _(
                "Ce dossier a été modifié par quelqu'un d'autre pendant que vous le consultiez. "
                "Rechargez la page : vos saisies de ce formulaire vous sont réaffichées pour ne rien perdre."
            )
        )
    return dossier


def record_event(
    *, dossier: Dossier, action: str, actor, channel: str, motive: str = "", from_state="", to_state=""
):
    """The dossier's readable history, and the same fact in the tamper-evident journal."""
    known_actor = actor if actor is not None and actor.is_authenticated else None
    event = DossierEvent.objects.create(
        dossier=dossier,
        action=action,
        actor=known_actor,
        channel=channel or "",
        motive=motive,
        from_state=from_state,
        to_state=to_state,
        at=timezone.now(),
    )
    journal.record(
        action=f"dossier.{action}",
        actor=known_actor,
        channel=channel or None,
        organisation_id=dossier.organisation_id,
        subject_type="dossier",
        subject_id=str(dossier.pk),
        on_behalf_of_id=dossier.usager_id,
        data={"from": from_state, "to": to_state} if to_state else {},
    )
    return event


@transaction.atomic
def transition(
    dossier_id,
    action: str,
    *,
    actor,
    channel: str,
    motive: str = "",
    expected_lock_version: int | None = None,
) -> Dossier:
    rule = TRANSITIONS[action]
    dossier = lock_dossier(dossier_id, expected_lock_version=expected_lock_version)
    if dossier.state not in rule.sources:
        raise InvalidInput(
            _("Action impossible : le dossier est « %(state)s ».") % {"state": dossier.get_state_display()}
        )
    previous = dossier.state
    dossier.state = rule.target
    dossier.lock_version += 1
    dossier.save(update_fields=["state", "lock_version", "updated_at"])
    record_event(
        dossier=dossier,
        action=action,
        actor=actor,
        channel=channel,
        motive=motive,
        from_state=previous,
        to_state=rule.target,
    )
    return dossier


def snapshot_answers(
    dossier: Dossier, *, reason: str, actor, channel: str, changed: list[str]
) -> AnswerVersion:
    """A version of the answers as they are now (deposit, correction, a write by the service)."""
    return AnswerVersion.objects.create(
        dossier=dossier,
        number=dossier.answer_versions.count() + 1,
        answers=dossier.answers,
        changed_fields=sorted(changed),
        reason=reason,
        actor=actor if actor is not None and actor.is_authenticated else None,
        channel=channel,
    )
