"""Codes to hand over (dossier follow-up, mandate), kept in the session only encrypted.

A follow-up code opens a dossier. The session that created it shows it again (started page, follow-up
sheet to print) but sessions live in the database, readable by anyone who reads a backup: there, the
code is a Fernet token under a key derived from SECRET_KEY, which is not in the database. A code is kept
for a few hours at most, and for the last ten objects of each kind.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

KEEP_SECONDS = 8 * 3600
KEEP_LAST = 10


def _fernet() -> Fernet:
    digest = hashlib.sha256(f"guichet-session-codes:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def keep(session, bucket: str, key: str, secret: str) -> None:
    kept = dict(session.get(bucket, {}))
    kept.pop(key, None)
    kept[key] = _fernet().encrypt(secret.encode()).decode()
    session[bucket] = dict(list(kept.items())[-KEEP_LAST:])


def recall(session, bucket: str, key: str) -> str | None:
    token = session.get(bucket, {}).get(key)
    if not token:
        return None
    try:
        return _fernet().decrypt(token.encode(), ttl=KEEP_SECONDS).decode()
    except (InvalidToken, ValueError):
        return None  # expired, written before encryption, or under another SECRET_KEY
