"""Passwords checked against breached and common ones, offline (no call to a remote service).

Django's CommonPasswordValidator only rejects an exact match in its list. People often dress a common
word up: « Azerty2024! », « M0tdepasse », « Marseille-13 ». This validator takes the word out of its
dressing (case, separators, trailing digits and symbols, l33t substitutions) and compares it with
Django's list of 20,000 passwords from breaches and with a French list bundled in `data/`.
"""

import gzip
import re
from functools import lru_cache
from pathlib import Path

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

FRENCH_LIST = Path(__file__).resolve().parent / "data" / "mots-de-passe-compromis-fr.txt"
LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
)
ACCENTS = str.maketrans("àâäéèêëîïôöùûüçœ", "aaaeeeeiioouuuco")


@lru_cache(maxsize=1)
def breached_words() -> frozenset[str]:
    with gzip.open(CommonPasswordValidator().DEFAULT_PASSWORD_LIST_PATH, "rt", encoding="utf-8") as handle:
        english = {line.strip().lower() for line in handle if line.strip()}
    french = {
        line.strip()
        for line in FRENCH_LIST.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    return frozenset(english | french)


def candidate_cores(password: str) -> set[str]:
    """The common word a password may be built on, in the spellings people use to disguise it."""
    lowered = password.strip().lower().translate(ACCENTS)
    plain = re.sub(r"[\s\-_.]+", "", lowered)
    cores = {lowered, plain}
    undressed = re.sub(r"[\d\W_]+$", "", re.sub(r"^[\d\W_]+", "", plain))
    cores.add(undressed)
    cores.add(re.sub(r"[\W_]+$", "", plain.translate(LEET)))
    cores.add(re.sub(r"[\d\W_]+$", "", plain).translate(LEET))
    return {core for core in cores if core}


class BreachedPasswordValidator:
    def validate(self, password, user=None):
        words = breached_words()
        if any(core in words for core in candidate_cores(password)):
            raise ValidationError(
                _(
                    "Ce mot de passe est trop courant : il figure, à quelques chiffres ou symboles près, dans "
                    "les listes de mots de passe volés que les fraudeurs essaient en premier. Choisissez "
                    "plutôt une phrase de plusieurs mots sans rapport entre eux."
                ),
                code="password_breached",
            )

    def get_help_text(self):
        return _("Votre mot de passe ne doit pas être un mot de passe courant, même complété de chiffres.")
