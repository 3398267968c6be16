"""The engine's public functions: one household (interactive, cached) and a native OpenFisca situation."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from guichet.screening.benefits import BENEFITS, canonical_codes
from guichet.screening.engine.compute import cents, compute_households
from guichet.screening.engine.reasons import reasons_for
from guichet.screening.engine.situation import default_period
from guichet.screening.engine.system import openfisca_versions
from guichet.screening.household import Household

CACHE_SIZE = 1024
_cache: OrderedDict = OrderedDict()
_cache_lock = threading.Lock()


def money(value) -> Decimal:
    return Decimal(str(float(value))).quantize(Decimal("0.01"))


@dataclass
class BenefitResult:
    code: str
    label: str
    eligible: bool
    monthly_amount: Decimal
    yearly_amount: Decimal | None
    reasons: list[str]
    entity: str
    per_entity: dict[str, Decimal] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "label": str(self.label),
            "eligible": self.eligible,
            "monthly_amount": str(self.monthly_amount),
            "yearly_amount": None if self.yearly_amount is None else str(self.yearly_amount),
            "reasons": list(self.reasons),
            "entity": self.entity,
            "per_entity": {key: str(value) for key, value in self.per_entity.items()},
        }


@dataclass
class ScreeningResult:
    period: str
    benefits: list[BenefitResult]
    total_monthly: Decimal
    openfisca_france_version: str
    openfisca_core_version: str

    def to_dict(self) -> dict:
        return {
            "period": self.period,
            "benefits": [benefit.to_dict() for benefit in self.benefits],
            "total_monthly": str(self.total_monthly),
            "openfisca_france_version": self.openfisca_france_version,
            "openfisca_core_version": self.openfisca_core_version,
        }


def _validated_codes(benefits: Sequence[str] | None) -> list[str]:
    if benefits is None:
        return list(BENEFITS)
    codes, unknown = canonical_codes(benefits)
    if unknown:
        raise ValueError(f"Prestation inconnue : {', '.join(unknown)}.")
    return codes


def screen_household(
    household: Household,
    *,
    period: str | None = None,
    benefits: Sequence[str] | None = None,
    use_cache: bool = True,
) -> ScreeningResult:
    """Screen one household; results are cached by (household, period, benefits) within the process."""
    period = period or default_period()
    codes = _validated_codes(benefits)
    key = (household, period, tuple(codes))
    if use_cache:
        with _cache_lock:
            if key in _cache:
                _cache.move_to_end(key)
                return _cache[key]
    result = _screen(household, period, codes)
    if use_cache:
        with _cache_lock:
            _cache[key] = result
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    return result


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


def _screen(household: Household, period: str, codes: list[str]) -> ScreeningResult:
    chunk = compute_households([household], period, codes, with_reasons=True)
    person_indexes = list(range(len(household.persons)))
    results = []
    for code in codes:
        benefit, arrays = BENEFITS[code], chunk.benefits[code]
        per_entity = {}
        if arrays.per_person is not None:
            per_entity = {f"personne_{i + 1}": money(arrays.per_person[i]) for i in person_indexes}
        if benefit.period_kind == "coverage":
            eligible = bool(arrays.free[0]) or float(arrays.participation[0]) > 0
        else:
            eligible = float(arrays.monthly[0]) > 0 or (
                arrays.yearly is not None and float(arrays.yearly[0]) > 0
            )
        results.append(
            BenefitResult(
                code=code,
                label=benefit.label,
                eligible=eligible,
                monthly_amount=money(arrays.monthly[0]),
                yearly_amount=None if arrays.yearly is None else money(arrays.yearly[0]),
                reasons=reasons_for(code, arrays, 0, person_indexes, household),
                entity=benefit.entity,
                per_entity=per_entity,
            )
        )
    versions = openfisca_versions()
    return ScreeningResult(
        period=period,
        benefits=results,
        total_monthly=sum((result.monthly_amount for result in results), Decimal("0.00")),
        openfisca_france_version=versions["openfisca_france"],
        openfisca_core_version=versions["openfisca_core"],
    )


def screen_openfisca_situation(
    situation: dict, *, period: str, benefits: Sequence[str] | None = None, engine: str = "auto"
) -> dict:
    """A native OpenFisca situation (as its web API takes): amounts per benefit and per entity id.

    On the fast engine when the situation's shape allows it, else on stock OpenFisca (native.py says
    how it decides; `engine="openfisca"` forces stock OpenFisca); `"moteur"` says which computed it.
    Benefits are computed in the registry's order whatever order they are asked in: OpenFisca-France
    resolves its RSA / prime d'activité / aides au logement cycles by evaluation order.
    Raises ValueError (French message) when OpenFisca refuses the situation.
    """
    from guichet.screening.engine.compute import period_for_variable
    from guichet.screening.engine.native import build_native_simulation

    asked = set(_validated_codes(benefits))
    codes = [code for code in BENEFITS if code in asked]
    simulation, moteur = build_native_simulation(situation, period, codes, engine=engine)
    answers = {}
    for code in codes:
        benefit = BENEFITS[code]
        variable_period = period_for_variable(simulation, benefit.variable, period)
        values = simulation.calculate(benefit.variable, variable_period)
        ids = simulation.populations[benefit.entity].ids
        entry = {
            "label": str(benefit.label),
            "variable": benefit.variable,
            "entity": benefit.entity,
            "period": variable_period,
        }
        if benefit.period_kind == "coverage":
            participation = cents(simulation.calculate(benefit.participation_variable, period))
            entry["per_entity"] = {
                str(i): {"gratuite": bool(v), "participation_mensuelle": str(money(p))}
                for i, v, p in zip(ids, values, participation, strict=True)
            }
        else:
            entry["per_entity"] = {str(i): str(money(v)) for i, v in zip(ids, cents(values), strict=True)}
            if benefit.is_yearly:
                entry["per_entity_monthly"] = {
                    str(i): str(money(v)) for i, v in zip(ids, cents(cents(values) / 12), strict=True)
                }
        answers[code] = entry
    versions = openfisca_versions()
    return {
        "period": period,
        "moteur": moteur,
        "benefits": answers,
        "openfisca_france_version": versions["openfisca_france"],
        "openfisca_core_version": versions["openfisca_core"],
    }
