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
                "place": next_steps.official_place(code),
            }
        )
    return sorted(found, key=lambda row: (not row["eligible"], -row["monthly"], row["label"]))


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
        "generated_at": timezone.now(),
    }


def pdf(questionnaire: Questionnaire) -> bytes:
    from weasyprint import HTML

    html = render_to_string("screening/pdf/summary.html", context(questionnaire))
    return HTML(string=html).write_pdf()
