"""Rights screening through the JSON API: one household, our format or a native OpenFisca situation.

Who may call it: an organisation's systems, with the organisation's API token (as every other route).
The household's data is computed and answered, never stored; the call is not journaled for the same
reason (nothing changes).
"""

from typing import Any

from django.utils.translation import gettext as _
from ninja import Body, Router, Schema

from guichet.core.exceptions import InvalidInput

router = Router(tags=["Simulation de droits"])

HOUSEHOLD_EXAMPLE = {
    "depcom": "47323",
    "loyer_mensuel": "480.00",
    "statut_occupation": "locataire_vide",
    "personnes": [
        {"role": "demandeur", "date_naissance": "1988-02-14", "salaire_net_mensuel": "650.00"},
        {"role": "enfant", "date_naissance": "2016-09-01", "scolarite": ""},
    ],
}
SITUATION_EXAMPLE = {
    "period": "2026-01",
    "openfisca_situation": {
        "individus": {"demandeur": {"date_naissance": {"ETERNITY": "1988-02-14"}}},
        "familles": {"famille_1": {"parents": ["demandeur"]}},
        "foyers_fiscaux": {"foyer_fiscal_1": {"declarants": ["demandeur"]}},
        "menages": {"menage_1": {"personne_de_reference": ["demandeur"], "depcom": {"2026-01": "47323"}}},
    },
}
REQUEST_DESCRIPTION = (
    "Soit le format documenté du foyer (`depcom`, `loyer_mensuel`, `statut_occupation`, `personnes` : "
    "`role` parmi demandeur, conjoint, enfant, autre ; `date_naissance` ; `salaire_net_mensuel`, "
    "`chomage_net_mensuel`, `retraite_nette_mensuelle` (moyennes des 3 derniers mois) ; "
    '`salaire_net_annuel_n1` ; `aah_taux_incapacite` ; `etudiant` ; `scolarite` parmi "", college, lycee), '
    'avec éventuellement `"period": "AAAA-MM"` et `"benefits": ["rsa", …]` ; '
    'soit une situation OpenFisca native : `{"openfisca_situation": {...}, "period": "AAAA-MM"}`.'
)

SCREENING_BODY = Body(..., description=REQUEST_DESCRIPTION)


class BenefitOut(Schema):
    code: str
    label: str
    eligible: bool
    monthly_amount: str
    yearly_amount: str | None
    reasons: list[str]
    entity: str
    per_entity: dict[str, str]


class ScreeningOut(Schema):
    """Answer to our household format: amounts in euros as strings ("123.45")."""

    period: str
    benefits: list[BenefitOut]
    total_monthly: str
    openfisca_france_version: str
    openfisca_core_version: str


class SituationBenefitOut(Schema):
    label: str
    variable: str
    entity: str
    period: str
    per_entity: dict[str, Any]
    per_entity_monthly: dict[str, str] | None = None


class SituationOut(Schema):
    """Answer to a native OpenFisca situation: per benefit code, the amount of each entity by its id;
    `moteur` says which engine computed it ("rapide", or "openfisca" when the situation's shape is not one
    the fast engine covers)."""

    period: str
    moteur: str
    benefits: dict[str, SituationBenefitOut]
    openfisca_france_version: str
    openfisca_core_version: str


def _benefit_codes(payload: dict) -> list[str] | None:
    codes = payload.get("benefits")
    if codes is None:
        return None
    if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
        raise InvalidInput(_('« benefits » doit être une liste de codes, par exemple ["rsa", "ppa"].'))
    return codes


def _period(payload: dict, *, required: bool) -> str | None:
    from guichet.screening.services.caseload import check_period

    period = payload.get("period")
    if period is None and not required:
        return None
    if not isinstance(period, str):
        raise InvalidInput(_("Indiquez « period » au format AAAA-MM, par exemple 2026-01."))
    return check_period(period)


@router.post(
    "/screening",
    response=ScreeningOut | SituationOut,
    summary="Simuler les droits d'un foyer (OpenFisca-France)",
    description=REQUEST_DESCRIPTION,
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {
                    "examples": {
                        "foyer": {"summary": "Format Guichet", "value": HOUSEHOLD_EXAMPLE},
                        "openfisca": {"summary": "Situation OpenFisca native", "value": SITUATION_EXAMPLE},
                    }
                }
            }
        },
        "responses": {
            422: {"description": "Données invalides (forme d'erreur commune, messages en français)"}
        },
    },
)
def screen(request, payload: dict[str, Any] = SCREENING_BODY):
    from openfisca_core.errors import ParameterNotFoundError

    from guichet.screening.engine import screen_household, screen_openfisca_situation
    from guichet.screening.household import HouseholdError, parse_household_dict

    benefits = _benefit_codes(payload)
    try:
        if "openfisca_situation" in payload:
            situation = payload["openfisca_situation"]
            if not isinstance(situation, dict):
                raise InvalidInput(
                    _("« openfisca_situation » doit être un objet JSON (individus, familles…).")
                )
            return screen_openfisca_situation(
                situation, period=_period(payload, required=True), benefits=benefits
            )
        household = parse_household_dict(payload)
        return screen_household(
            household, period=_period(payload, required=False), benefits=benefits
        ).to_dict()
    except HouseholdError as exc:
        raise ScreeningInputError(exc.errors) from exc
    except ParameterNotFoundError as exc:
        raise ScreeningInputError(
            [
                _(
                    "OpenFisca-France ne connaît pas toutes les règles de ce mois : choisissez un mois plus récent."
                )
            ]
        ) from exc
    except ValueError as exc:
        raise ScreeningInputError([str(exc)]) from exc


class ScreeningInputError(InvalidInput):
    """The household is invalid: every French message, each naming its field, in `details`."""

    def __init__(self, errors: list[str]):
        super().__init__(_("Le foyer décrit contient des données invalides."))
        self.details = [{"message": message} for message in errors]
