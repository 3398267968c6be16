"""Compute the requested benefits for many households in ONE vectorised OpenFisca simulation.

Only the requested variables (and, on the interactive path, the few that explain them) are asked for,
on their own period: OpenFisca then evaluates only what those formulas need.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from guichet.screening.benefits import BENEFITS
from guichet.screening.engine.prefill import build_prefilled_simulation
from guichet.screening.engine.situation import build_simulation, period_for_variable
from guichet.screening.household import Household


@dataclass
class BenefitArrays:
    """One benefit over a chunk: euros rounded to the cent, one value per household."""

    monthly: np.ndarray
    yearly: np.ndarray | None = None
    per_person: np.ndarray | None = None  # individu benefits, one value per person (layout order)
    free: np.ndarray | None = None  # coverage: free coverage (bool)
    participation: np.ndarray | None = None  # coverage: monthly participation when not free
    reasons: dict[str, np.ndarray] = field(default_factory=dict)  # reason variable -> per household


@dataclass
class ChunkResult:
    period: str
    layout: object
    benefits: dict[str, BenefitArrays]


def cents(values) -> np.ndarray:
    return np.round(np.asarray(values, dtype=np.float64), 2)


def _per_household(simulation, layout, variable: str, values: np.ndarray, count: int) -> np.ndarray:
    entity = simulation.tax_benefit_system.variables[variable].entity.key
    if entity == "famille":
        return values[layout.main_famille]
    if entity == "foyer_fiscal":
        return values[layout.main_famille]  # foyers are laid out as familles
    if entity == "menage":
        return values
    return np.bincount(layout.person_household, weights=values.astype(np.float64), minlength=count)


def compute_households(
    households: Sequence[Household],
    period: str,
    codes: Sequence[str],
    *,
    with_reasons: bool = False,
    prefill: bool = True,
) -> ChunkResult:
    if prefill:
        simulation, layout = build_prefilled_simulation(households, period, list(codes))
    else:
        simulation, layout = build_simulation(households, period)
    count = len(households)
    results: dict[str, BenefitArrays] = {}
    # Always in the registry's order, and every benefit before any explaining variable: OpenFisca-France
    # resolves its RSA/prime d'activité cycles by evaluation order, so the order is part of the result.
    codes = [code for code in BENEFITS if code in set(codes)]
    for code in codes:
        benefit = BENEFITS[code]
        variable_period = period_for_variable(simulation, benefit.variable, period)
        raw = simulation.calculate(benefit.variable, variable_period)
        if benefit.period_kind == "coverage":
            free = _per_household(simulation, layout, benefit.variable, raw, count).astype(bool)
            participation = simulation.calculate(benefit.participation_variable, period)
            participation = cents(
                _per_household(simulation, layout, benefit.participation_variable, participation, count)
            )
            arrays = BenefitArrays(monthly=np.zeros(count), free=free, participation=participation)
        else:
            household_values = cents(_per_household(simulation, layout, benefit.variable, raw, count))
            if benefit.is_yearly:
                arrays = BenefitArrays(monthly=cents(household_values / 12), yearly=household_values)
            else:
                arrays = BenefitArrays(monthly=household_values)
            if benefit.entity == "individu":
                arrays.per_person = cents(raw)
        results[code] = arrays
    if with_reasons:
        for code in codes:
            arrays = results[code]
            for variable in BENEFITS[code].reason_variables:
                values = simulation.calculate(variable, period_for_variable(simulation, variable, period))
                if simulation.tax_benefit_system.variables[variable].entity.key == "individu":
                    arrays.reasons[variable] = values  # per person; reasons read the persons' own values
                else:
                    arrays.reasons[variable] = _per_household(simulation, layout, variable, values, count)
    return ChunkResult(period=period, layout=layout, benefits=results)
