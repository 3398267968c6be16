"""The order of the questionnaire's pages, which depends on the household's composition."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from guichet.screening import forms_questionnaire as qforms
from guichet.screening.selectors import communes_for_postal_code

HOUSEHOLD = "foyer"
HOUSING = "logement"


@dataclass(frozen=True)
class Page:
    key: str  # "foyer", "personne-0", "ressources-0", "logement"
    title: str
    role: str = ""  # the person's role on person and resources pages
    index: int | None = None

    @property
    def form_class(self):
        if self.key == HOUSEHOLD:
            return qforms.HouseholdForm
        if self.key == HOUSING:
            return qforms.HousingForm
        if self.key.startswith("ressources-"):
            return qforms.ResourcesForm
        return qforms.ChildForm if self.role == "enfant" else qforms.AdultForm


def _count(raw, maximum: int) -> int:
    try:
        return max(0, min(int(str(raw).strip()), maximum))
    except (TypeError, ValueError):
        return 0


def persons(answers: dict) -> list[tuple[str, str]]:
    """(role, French title) of each person, in order: the person, their partner, children, others."""
    household = answers.get(HOUSEHOLD, {})
    found = [("demandeur", _("Vous"))]
    if household.get("en_couple") == "oui":
        found.append(("conjoint", _("Votre conjoint")))
    for n in range(_count(household.get("nb_enfants"), qforms.MAX_CHILDREN)):
        found.append(("enfant", _("Enfant %d") % (n + 1)))
    for n in range(_count(household.get("nb_autres"), qforms.MAX_OTHERS)):
        found.append(("autre", _("Autre adulte %d") % (n + 1)))
    return found


def pages(answers: dict) -> list[Page]:
    found = [Page(HOUSEHOLD, _("Votre foyer"))]
    for index, (role, title) in enumerate(persons(answers)):
        found.append(Page(f"personne-{index}", title, role, index))
        if role != "enfant":
            found.append(Page(f"ressources-{index}", _("%s : ressources") % title, role, index))
    found.append(Page(HOUSING, _("Votre logement")))
    return found


def page(answers: dict, key: str) -> Page | None:
    return next((p for p in pages(answers) if p.key == key), None)


def build_form(current: Page, answers: dict, *, bound: bool):
    saved = answers.get(current.key, {})
    kwargs = {"communes_for": communes_for_postal_code} if current.key == HOUSING else {}
    return current.form_class(data=saved if bound else None, initial=saved, **kwargs)


def first_invalid(answers: dict) -> Page | None:
    """The first page still missing or wrong, None when every page is complete."""
    for current in pages(answers):
        if not build_form(current, answers, bound=True).is_valid():
            return current
    return None


def next_page(answers: dict, key: str) -> Page | None:
    found = pages(answers)
    index = next((i for i, p in enumerate(found) if p.key == key), None)
    if index is None or index + 1 >= len(found):
        return None
    return found[index + 1]


def cleaned(answers: dict) -> dict[str, dict]:
    """Every page's validated values; call only when `first_invalid` is None."""
    result = {}
    for current in pages(answers):
        form = build_form(current, answers, bound=True)
        form.is_valid()
        result[current.key] = form.cleaned_data
    return result
