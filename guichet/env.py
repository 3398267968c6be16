"""Reading settings from the environment, strictly: a value that is not understood stops the start.

A typo must never switch a protection off (`AXES_ENABLED=ture` read as false disabled the login lockout).
Each reader raises ImproperlyConfigured with a French message naming the variable and what it accepts.
Secrets may also come from a file named by `NAME_FILE`, as container platforms mount them.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on", "oui", "vrai"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", "non", "faux"})


def _raw(name: str) -> str | None:
    """The variable's value, or the content of the file named by NAME_FILE; None when neither is set."""
    path = os.environ.get(f"{name}_FILE", "")
    value = os.environ.get(name)
    if path:
        if value:
            raise ImproperlyConfigured(
                f"{name} et {name}_FILE sont tous deux définis : gardez-en un seul (le fichier de préférence)."
            )
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise ImproperlyConfigured(
                f"{name}_FILE désigne {path!r}, qui ne peut pas être lu ({exc.__class__.__name__})."
            ) from exc
    if value is None or value.strip() == "":
        return None
    return value


def env_str(name: str, default: str) -> str:
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} n'est pas compris : écrivez true ou false (ou 1/0, oui/non, on/off)."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} n'est pas un nombre entier.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} est trop petit : {minimum} au moins.")
    return number


def env_list(name: str, default: str) -> list[str]:
    value = _raw(name)
    return [item.strip() for item in (default if value is None else value).split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = _raw(name)
    if value is None:
        return default
    if value.strip() not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} n'est pas une valeur possible : {', '.join(choices)}.")
    return value.strip()
