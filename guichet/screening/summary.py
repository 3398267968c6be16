"""The results of a questionnaire, as a page and as a printable PDF summary (WeasyPrint)."""

from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone

from guichet.screening import pages
from guichet.screening.models import Questionnaire
from guichet.screening.selectors import commune_name
from guichet.screening.services import next_steps


def rows(result: dict) -> list[dict]:
    """Eligible benefits first (highest amount first), then the others, each with what to do next."""
    procedures = next_steps.procedures_by_benefit()
    related = next_steps.procedures_by_benefit(next_steps.RELATED_KEY)
    found = []
    for benefit in result.get("benefits", []):
        code = benefit["code"]
        found.append(
            {
                "code": code,
                "label": benefit["label"],
                "eligible": bool(benefit["eligible"]),
                "monthly": Decimal(str(benefit["monthly_amount"])),
                "yearly": Decimal(str(benefit["yearly_amount"])) if benefit.get("yearly_amount") else None,
                "reasons": benefit.get("reasons", [])[:2],
                "procedures": procedures.get(code, []),
                "related": related.get(code, []),
                "place": next_steps.official_place(code),
            }
        )
    return sorted(found, key=lambda row: (not row["eligible"], -row["monthly"], row["label"]))


def declared_resources(questionnaire: Questionnaire) -> dict:
    """One figure for the household's resources, as the person gave them: the monthly average of the
    last 3 months, and its parts (the page explains that each benefit then counts them its own way)."""
    values = (
        pages.cleaned(questionnaire.answers) if pages.first_invalid(questionnaire.answers) is None else {}
    )
    parts = {"salaires": Decimal(0), "chomage": Decimal(0), "retraites": Decimal(0)}
    for key, page_values in values.items():
        if key.startswith("ressources-"):
            parts["salaires"] += page_values.get("salaires_3_mois") or Decimal(0)
            parts["chomage"] += page_values.get("chomage_3_mois") or Decimal(0)
            parts["retraites"] += page_values.get("retraite_3_mois") or Decimal(0)
    monthly = {name: (total / 3).quantize(Decimal("0.01")) for name, total in parts.items()}
    return {"par_mois": sum(monthly.values()), **monthly}


def context(questionnaire: Questionnaire) -> dict:
    result = questionnaire.result
    found = rows(result)
    housing = questionnaire.answers.get(pages.HOUSING, {})
    return {
        "questionnaire": questionnaire,
        "eligible": [row for row in found if row["eligible"]],
        "not_eligible": [row for row in found if not row["eligible"]],
        "total": Decimal(str(result.get("total_monthly", "0"))),
        "period": result.get("period", ""),
        "openfisca_version": result.get("openfisca_france_version", ""),
        "persons": [title for _role, title in pages.persons(questionnaire.answers)],
        "commune": commune_name(housing.get("code_insee", "")) or housing.get("commune", ""),
        "resources": declared_resources(questionnaire),
        "generated_at": timezone.now(),
    }


def pdf(questionnaire: Questionnaire) -> bytes:
    from weasyprint import HTML

    html = render_to_string("screening/pdf/summary.html", context(questionnaire))
    return HTML(string=html).write_pdf()
