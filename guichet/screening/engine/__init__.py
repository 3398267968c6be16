"""Rights screening engine on OpenFisca-France (contract: /docs/simulation-droits.md).

Its modules form layers; each imports only the layers below it (checked by lint-imports, pyproject.toml):

    warm                                  warming a process up: runs real screenings
    api                                   screen_household, screen_openfisca_situation, the cache
    compute | reference | reasons         benefits of many households; plain reference; explanations;
      | native                            a native OpenFisca situation, on the fast engine when it can be
    prefill                               household-independent constants, traced once per period
    probes | situation                    the plan's probe households; households -> one vectorised simulation
    system | fast_simulation              the tax-benefit system's load; cheaper reads of a simulation
    fast_loading | fast_parameters        parameters and positions remembered on disk; vectorised nodes
    fast_periods                          remembered period arithmetic

The fast engine reaches into openfisca-core's internals (fast_simulation, fast_parameters, fast_periods,
fast_loading); it was checked against the version below, and a test fails when another is installed.
"""

from guichet.screening.engine.api import (
    BenefitResult,
    ScreeningResult,
    clear_cache,
    screen_household,
    screen_openfisca_situation,
)
from guichet.screening.engine.system import openfisca_versions, tax_benefit_system
from guichet.screening.engine.warm import warm_up

CHECKED_OPENFISCA_CORE = "44.7.1"

__all__ = [
    "CHECKED_OPENFISCA_CORE",
    "BenefitResult",
    "ScreeningResult",
    "clear_cache",
    "openfisca_versions",
    "screen_household",
    "screen_openfisca_situation",
    "tax_benefit_system",
    "warm_up",
]
