"""Passwords checked against breached and common ones, offline (no call to a remote service), and the
hasher that stores them (Argon2id, below).

Django's CommonPasswordValidator only rejects an exact match in its list. People often dress a common
word up: « Azerty2024! », « M0tdepasse », « Marseille-13 ». This validator takes the word out of its
dressing (case, separators, trailing digits and symbols, l33t substitutions) and compares it with
Django's list of 20,000 passwords from breaches and with a French list bundled in `data/`.
"""

import gzip
import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
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


class Argon2idHasher(Argon2PasswordHasher):
    """Argon2id at OWASP's baseline (Password Storage Cheat Sheet: 19 MiB, 2 passes, 1 lane).

    Memory-hard, so a stolen database resists graphics cards better than PBKDF2 does, for about 25 ms
    of one core per sign-in here instead of PBKDF2's 270 ms (Django's own Argon2 settings, 100 MiB and
    8 lanes, cost 220 ms): a burst of agents signing in at 9 a.m. no longer holds both cores of a small
    server. Stronger settings come from the environment; hashes made with older settings or with PBKDF2
    are checked as they are and upgraded at the next sign-in (Django's `must_update`).
    """

    algorithm = "argon2"

    @property
    def time_cost(self) -> int:
        return settings.GUICHET_ARGON2["time_cost"]

    @property
    def memory_cost(self) -> int:
        return settings.GUICHET_ARGON2["memory_kib"]

    @property
    def parallelism(self) -> int:
        return settings.GUICHET_ARGON2["parallelism"]
