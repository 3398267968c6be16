from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def evolution(change: int | None) -> str:
    """A score's change said plainly: « +12 points », « −5 points », « stable », or « — » the first time."""
    if change is None:
        return "—"
    if change == 0:
        return _("stable")
    sign = "+" if change > 0 else "−"
    return _("%(sign)s%(points)s points") % {"sign": sign, "points": abs(change)}
