"""Uploaded proofs (training attestation, scanned signed form) are checked by their content."""

import hashlib
from dataclasses import dataclass

import filetype
from django.utils.translation import gettext as _

from guichet.core.exceptions import InvalidInput

ACCEPTED = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}
MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content_type: str
    sha256: str


def check_proof(uploaded_file, *, what: str) -> CheckedFile:
    if uploaded_file is None:
        raise InvalidInput(_("Joignez %s (PDF, JPEG ou PNG).") % what)
    if uploaded_file.size == 0:
        raise InvalidInput(_("Le fichier « %s » est vide.") % uploaded_file.name)
    if uploaded_file.size > MAX_BYTES:
        raise InvalidInput(
            _("Le fichier « %s » dépasse 10 Mo : scannez-le en plus basse résolution.") % uploaded_file.name
        )
    head = uploaded_file.read(8192)
    uploaded_file.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ACCEPTED:
        raise InvalidInput(
            _(
                "Le fichier « %s » n'est pas un PDF, un JPEG ni un PNG valide (son contenu a été vérifié, "
                "pas seulement son nom)."
            )
            % uploaded_file.name
        )
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    return CheckedFile(name=uploaded_file.name[:255], content_type=kind.mime, sha256=digest.hexdigest())
