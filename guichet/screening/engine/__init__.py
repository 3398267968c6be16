"""Rights screening engine on OpenFisca-France (contract: /docs/simulation-droits.md)."""

from guichet.screening.engine.api import (
    BenefitResult,
    ScreeningResult,
    clear_cache,
    screen_household,
    screen_openfisca_situation,
)
from guichet.screening.engine.system import openfisca_versions, tax_benefit_system, warm_up

__all__ = [
    "BenefitResult",
    "ScreeningResult",
    "clear_cache",
    "openfisca_versions",
    "screen_household",
    "screen_openfisca_situation",
    "tax_benefit_system",
    "warm_up",
]
