"""Legal delays as the texts state them: a number and a unit, counted from date to date.

CRPA L231-1 gives the administration « deux mois », not 60 days: a delay in months runs from a date to
the same date that many months later, or to the last day of that month when it has no such date
(31 January + 1 month = 28 or 29 February), as python-dateutil's relativedelta counts.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

MAXIMUM = {"jours": 365, "semaines": 52, "mois": 12}
_WORDS = ["", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze"]


class DelayUnit(models.TextChoices):
    DAYS = "jours", _("jours")
    WEEKS = "semaines", _("semaines")
    MONTHS = "mois", _("mois")


def add_delay(start: datetime.date, amount: int, unit: str) -> datetime.date:
    if unit == DelayUnit.MONTHS:
        return start + relativedelta(months=amount)
    if unit == DelayUnit.WEEKS:
        return start + datetime.timedelta(weeks=amount)
    return start + datetime.timedelta(days=amount)


def delay_text(amount: int, unit: str) -> str:
    """As a text would write it: « deux mois », « trois semaines », « 45 jours »."""
    number = _WORDS[amount] if unit != DelayUnit.DAYS and 0 < amount < len(_WORDS) else str(amount)
    if unit == DelayUnit.MONTHS:
        return f"{number} mois"
    if unit == DelayUnit.WEEKS:
        return ("une" if amount == 1 else number) + " " + ngettext("semaine", "semaines", amount)
    return f"{number} " + ngettext("jour", "jours", amount)


def check_delay(amount: int, unit: str) -> str | None:
    """A French message when the delay cannot be used, else None."""
    if unit not in DelayUnit.values:
        return str(_("Choisissez l'unité du délai : jours, semaines ou mois."))
    if not 1 <= amount <= MAXIMUM[unit]:
        return str(_("Un délai va de 1 à %(max)d %(unit)s.") % {"max": MAXIMUM[unit], "unit": unit})
    return None
