"""A self-hosted proof of work (ALTCHA) on the online request form of a fair-mode motif: no third-party
captcha, nothing to see or hear, a few seconds of the browser's work that costs a bot farm its scale.

Without JavaScript the request is still accepted: the view then applies a stricter limit per network
address instead (views.py), never a dead end."""

from __future__ import annotations

import datetime

import altcha
from django.conf import settings
from django.utils import timezone

COST = 1_000  # SHA-256 iterations per attempt, about 256 attempts expected (key prefix 00): 1 to 2 s
LIFETIME = datetime.timedelta(minutes=20)


def _secret() -> str:
    return f"altcha:{settings.SECRET_KEY}"


def new_challenge() -> dict:
    challenge = altcha.create_challenge(
        "SHA-256", COST, hmac_secret=_secret(), expires_at=timezone.now() + LIFETIME
    )
    return challenge.to_dict()


def verified_signature(payload: str) -> str | None:
    """The challenge's signature when `payload` (the widget's field) solves a challenge we issued and
    that has not expired, else None. The caller stores the signature so that it serves once."""
    if not payload or len(payload) > 4000:
        return None
    try:
        result = altcha.verify_solution(payload, _secret())
        decoded = altcha.Payload.from_base64(payload)
    except (ValueError, TypeError, KeyError):
        return None
    if not result.verified:
        return None
    return decoded.challenge.signature[:64]
