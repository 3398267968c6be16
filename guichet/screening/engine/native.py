"""A native OpenFisca situation (as OpenFisca's web API takes it), on the fast engine when it can be.

The fast engine owes its speed to the prefill plan (prefill.py): constants traced once on probe
households. Two things decide whether a native situation may use it:

- its **shape**: the plan's constants were checked uniform over households laid out as ours are (a
  demandeur, a conjoint, enfants, and other adults each in their own famille and foyer fiscal), with
  persons born from 1900 to the screening year. A situation laid out otherwise (two foyers fiscaux in one
  famille, an enfant outside the foyer, a ménage without a personne de référence, a birth outside those
  years…) goes to stock OpenFisca: the probes say nothing about it.
- its **inputs**: a situation may set anything, including values the plan holds as constants because no
  household of ours sets them (`pensions_alimentaires_percues`, `aah_date_debut_hospitalisation`). The
  plan keeps the edges it traced; every constant the situation sets, or whose subtree reads a value it
  sets, is left out (`prefill.dropped_by`), so that the plan never overwrites an input nor a value
  computed from one. What remains has no input of the situation below it: OpenFisca would compute the
  same value.

`"moteur"` in the answer says which path computed it: "rapide" or "openfisca".
"""

from __future__ import annotations

import copy
import logging

import numpy as np

logger = logging.getLogger(__name__)

# The roles a person holds in (famille, foyer fiscal, ménage), as the engine's layout gives them.
COVERED_ROLES = {
    ("demandeur", "declarant_principal", "personne_de_reference"),
    ("conjoint", "conjoint", "conjoint"),
    ("enfant", "personne_a_charge", "enfant"),
    ("demandeur", "declarant_principal", "autre"),  # another adult: their own famille and foyer
}


def build_native_simulation(situation: dict, period: str, codes: list[str], *, engine: str = "auto"):
    """(simulation, moteur) for a native situation screened for `codes` on `period` ("AAAA-MM");
    `engine`: "auto" or "openfisca" (stock only).

    Raises ValueError (French message) when OpenFisca refuses the situation."""
    from openfisca_core.errors import SituationParsingError
    from openfisca_core.simulation_builder import SimulationBuilder

    from guichet.screening.engine.system import tax_benefit_system

    system = tax_benefit_system()
    pristine = copy.deepcopy(situation)  # a second build, on stock OpenFisca, if the plan cannot serve

    def build(data):
        try:
            return SimulationBuilder().build_from_entities(system, data)
        except SituationParsingError as error:
            raise ValueError(f"Situation OpenFisca invalide : {error.error}") from error
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            raise ValueError(f"Situation OpenFisca invalide : {error}") from error

    simulation = build(situation)
    if engine == "openfisca" or uncovered_shape(simulation, period) is not None:
        return simulation, "openfisca"
    from guichet.screening.engine.fast_simulation import speed_up
    from guichet.screening.engine.prefill import apply_plan, dropped_by, plan_for

    try:
        plan = plan_for(period, codes)
        skip = dropped_by(period, codes, stored_keys(simulation))
    except Exception as error:  # noqa: BLE001 — stock OpenFisca is always a right answer
        # The probe households can reach a formula branch whose parameter did not exist yet on an old
        # period (bourse de lycée before 2016, seen on OpenFisca-France's mes-aides tests): no plan there.
        logger.warning("Pas de plan pour %s %s (%s) : OpenFisca seul.", period, ",".join(codes), error)
        return build(pristine), "openfisca"
    speed_up(simulation)
    apply_plan(simulation, plan, skip=skip)
    return simulation, "rapide"


def stored_keys(simulation) -> set[tuple[str, str]]:
    """Every (variable, period) the situation set, as storage knows it (after set_input spread a year
    over its months, eternal variables under ETERNITY)."""
    keys = set()
    for population in simulation.populations.values():
        for name, holder in population._holders.items():
            keys.update((name, str(period)) for period in holder.get_known_periods())
    return keys


def uncovered_shape(simulation, period: str) -> str | None:
    """Why the probe households do not cover this situation's shape (French), or None when they do."""
    import datetime

    from guichet.screening.household import EARLIEST_BIRTH, MAX_PERSONS

    populations = simulation.populations
    individus = populations["individu"]
    groups = {key: populations[key] for key in ("famille", "foyer_fiscal", "menage")}
    ids = {key: np.asarray(population.members_entity_id) for key, population in groups.items()}
    roles = {key: [role.key for role in population.members_role] for key, population in groups.items()}
    for person in range(individus.count):
        triple = (roles["famille"][person], roles["foyer_fiscal"][person], roles["menage"][person])
        if triple not in COVERED_ROLES:
            return f"rôles {triple} d'une personne"
    famille_to_foyer: dict[int, int] = {}
    foyer_to_famille: dict[int, int] = {}
    famille_to_menage: dict[int, int] = {}
    for famille, foyer, menage in zip(ids["famille"], ids["foyer_fiscal"], ids["menage"], strict=True):
        if famille_to_foyer.setdefault(famille, foyer) != foyer:
            return "une famille sur plusieurs foyers fiscaux"
        if foyer_to_famille.setdefault(foyer, famille) != famille:
            return "un foyer fiscal sur plusieurs familles"
        if famille_to_menage.setdefault(famille, menage) != menage:
            return "une famille sur plusieurs ménages"
    famille_sizes = np.bincount(ids["famille"], minlength=groups["famille"].count)
    for person, role in enumerate(roles["menage"]):
        if role == "autre" and famille_sizes[ids["famille"][person]] != 1:
            return "une autre personne du ménage dans une famille de plusieurs personnes"
    references = np.bincount(
        ids["menage"][[role == "personne_de_reference" for role in roles["menage"]]],
        minlength=groups["menage"].count,
    )
    if np.any(references != 1):
        return "un ménage sans personne de référence"
    if np.any(np.bincount(ids["menage"]) > MAX_PERSONS):
        return f"plus de {MAX_PERSONS} personnes dans un ménage"
    births = individus.get_holder("date_naissance").get_array("ETERNITY")
    if births is not None:
        last = np.datetime64(datetime.date(int(period[:4]), 12, 31))
        if np.any(births < np.datetime64(EARLIEST_BIRTH)) or np.any(births > last):
            return "une date de naissance hors des années couvertes"
    return None
