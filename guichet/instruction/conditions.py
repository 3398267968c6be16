"""Routing conditions over a dossier's answers, evaluated without code: equals, one of, commune in,
département in, greater than, less than. A condition naming a field the dossier does not have never
matches (the dossier then goes to the default group, and the responsable is told)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

OPERATORS = {
    "egal": _("est égal à"),
    "parmi": _("est l'un de"),
    "commune": _("la commune est l'une de"),
    "departement": _("le département est l'un de"),
    "superieur": _("est supérieur à"),
    "inferieur": _("est inférieur à"),
}
LIST_OPERATORS = {"parmi", "commune", "departement"}
_POSTAL_CODE = re.compile(r"(?<!\d)(\d{5})(?!\d)")


def as_text(value) -> str:
    if isinstance(value, bool):
        return "oui" if value else "non"
    return " ".join(str(value if value is not None else "").split()).casefold()


def values_of(condition: dict) -> list[str]:
    value = condition.get("value", "")
    items = value if isinstance(value, list) else re.split(r"[,;\n]", str(value))
    return [as_text(item) for item in items if as_text(item)]


def _number(value):
    if isinstance(value, bool):
        return None
    text = str(value).strip().replace("\u202f", "").replace(" ", "").replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        try:
            return datetime.date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            return None


def communes_of(answer) -> list:
    """The communes an address or a postal code answer points at (the postal code, then the name when
    several communes share it)."""
    from guichet.places import communes

    text = str(answer or "")
    found = []
    for postal_code in _POSTAL_CODE.findall(text):
        candidates = communes.find(postal_code)
        named = [c for c in candidates if communes.normalise(c.nom) in communes.normalise(text)]
        found.extend(named or candidates)
    return found


def department_of(insee_code: str) -> str:
    return insee_code[:3] if insee_code.startswith("97") else insee_code[:2]


def matches(condition: dict, answers: dict) -> bool:
    key, operator = condition.get("field"), condition.get("operator")
    if key not in answers or operator not in OPERATORS:
        return False
    answer = answers[key]
    wanted = values_of(condition)
    if operator == "egal":
        return bool(wanted) and as_text(answer) == wanted[0]
    if operator == "parmi":
        given = answer if isinstance(answer, list) else [answer]
        return any(as_text(item) in wanted for item in given)
    if operator in ("commune", "departement"):
        places = communes_of(answer)
        codes = {c.code.casefold() for c in places}
        if operator == "departement":
            codes = {department_of(c.code).casefold() for c in places}
        return bool(codes & set(wanted))
    left, right = _number(answer), _number(condition.get("value", ""))
    if left is None or right is None or type(left) is not type(right):
        return False
    return left > right if operator == "superieur" else left < right


def rule_matches(rule, answers: dict) -> bool:
    conditions = rule.conditions or []
    if not conditions:
        return False
    results = (matches(condition, answers) for condition in conditions)
    return all(results) if rule.combinator == "toutes" else any(results)


def missing_fields(rule, field_keys: set[str]) -> list[str]:
    return [c.get("field", "") for c in rule.conditions or [] if c.get("field") not in field_keys]
