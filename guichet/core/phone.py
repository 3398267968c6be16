"""Phone numbers, stored in E.164 (+33612345678)."""

import re

from django.utils.translation import gettext as _

from guichet.core.exceptions import InvalidInput

_SEPARATORS = re.compile(r"[\s.\-()/]")


def normalize_phone(raw: str) -> str:
    """Turn a French or international number as people type it into E.164, or raise InvalidInput."""
    value = _SEPARATORS.sub("", raw or "")
    if value.startswith("00"):
        value = "+" + value[2:]
    if re.fullmatch(r"0[1-9]\d{8}", value):
        value = "+33" + value[1:]
    if re.fullmatch(r"\+33[1-9]\d{8}", value) or re.fullmatch(r"\+(?!33)[1-9]\d{6,14}", value):
        return value
    raise InvalidInput(
        _("Le numéro « %s » n'est pas reconnu. Écrivez-le comme 06 12 34 56 78 ou +33 6 12 34 56 78.")
        % (raw or "")
    )
