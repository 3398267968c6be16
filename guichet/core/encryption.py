"""Documents encrypted at rest (Fernet: AES-128-CBC + HMAC-SHA256), with keys from the environment.

GUICHET_DOCUMENT_KEYS lists Fernet keys separated by commas: the first encrypts, all of them decrypt.
Rotation: put the new key first, keep the old one after it, run `manage.py rotate_document_key`
(every file re-encrypted with the new key), then remove the old key.

The default file storage encrypts what it writes and decrypts what it reads, so the dossiers'
attachments and the personal folders' documents are never on disk in clear. A file written before
encryption was turned on is still read as it is, and encrypted by the next rotation.
"""

import base64
import hashlib
import io
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext as _

# Every Fernet token starts with version byte 0x80, "gAAAAA" once base64-encoded.
TOKEN_PREFIX = b"gAAAAA"


class UnreadableDocument(Exception):
    """No configured key opens this file: the key it was encrypted with has been removed."""


def development_key() -> str:
    """A key derived from SECRET_KEY, for a laptop only (production refuses to start without keys)."""
    digest = hashlib.sha256(f"guichet-documents:{settings.SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


def document_keys() -> list[str]:
    keys = list(settings.GUICHET_DOCUMENT_KEYS) or [development_key()]
    try:
        [Fernet(key) for key in keys]
    except ValueError as exc:
        raise ImproperlyConfigured(
            _("GUICHET_DOCUMENT_KEYS contient une clé invalide (attendu : 32 octets en base64 URL).")
        ) from exc
    return keys


def cipher() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in document_keys()])


def encrypt(data: bytes) -> bytes:
    return cipher().encrypt(data)


def decrypt(data: bytes) -> bytes:
    if not data.startswith(TOKEN_PREFIX):
        return data  # written before encryption was turned on
    try:
        return cipher().decrypt(data)
    except InvalidToken as exc:
        raise UnreadableDocument(
            _("Aucune des clés de GUICHET_DOCUMENT_KEYS n'ouvre ce document : remettez l'ancienne clé.")
        ) from exc


def reencrypt(data: bytes) -> bytes:
    """The same document under the current key (encrypted for the first time if it was in clear)."""
    if not data.startswith(TOKEN_PREFIX):
        return encrypt(data)
    try:
        return cipher().rotate(data)
    except InvalidToken as exc:
        raise UnreadableDocument(_("Aucune des clés de GUICHET_DOCUMENT_KEYS n'ouvre ce document.")) from exc


class EncryptedFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        content.seek(0)
        clear = b"".join(content.chunks())
        return super()._save(name, ContentFile(encrypt(clear)))

    def _open(self, name, mode="rb"):
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("Encrypted documents are written through save(), never opened for writing.")
        with open(self.path(name), "rb") as handle:
            clear = decrypt(handle.read())
        return File(io.BytesIO(clear), name=name)

    def size(self, name):
        return len(self._open(name).read())


def rotate_directory(root: Path) -> tuple[int, int]:
    """Re-encrypt every file under root with the current key; (re-encrypted, encrypted for the first time)."""
    rotated = first_time = 0
    for path in sorted(p for p in Path(root).rglob("*") if p.is_file() and not p.name.endswith(".rotating")):
        data = path.read_bytes()
        was_encrypted = data.startswith(TOKEN_PREFIX)
        temporary = path.with_name(path.name + ".rotating")
        temporary.write_bytes(reencrypt(data))
        os.replace(temporary, path)  # atomic: the file is either the old or the new version, never half
        if was_encrypted:
            rotated += 1
        else:
            first_time += 1
    return rotated, first_time
