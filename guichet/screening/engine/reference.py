"""Plain OpenFisca-France, used as its documentation shows (a situation dict, SimulationBuilder,
calculate): the reference the correctness tests and the benchmarks compare our engine with."""

from openfisca_core.simulation_builder import SimulationBuilder

from guichet.screening.benefits import BENEFITS
from guichet.screening.engine import fast_parameters
from guichet.screening.engine.situation import household_situation


def merged_situation(households, period):
    """All households' situations in one dict (ids prefixed), and each household's entity ids."""
    merged = {"individus": {}, "familles": {}, "foyers_fiscaux": {}, "menages": {}}
    owners = []
    for index, household in enumerate(households):
        situation = household_situation(household, period)
        prefix = f"h{index}_"

        def rename(value, prefix=prefix):
            if isinstance(value, list):
                return [prefix + item for item in value]
            return value

        for plural in merged:
            for entity_id, entity in situation[plural].items():
                if plural == "individus":
                    merged[plural][prefix + entity_id] = entity
                else:
                    merged[plural][prefix + entity_id] = {key: rename(value) for key, value in entity.items()}
        owners.append(
            {
                "famille": prefix + "famille_1",
                "menage": prefix + "menage_1",
                "persons": [prefix + p for p in situation["individus"]],
            }
        )
    return merged, owners


def plain_results(system, households, period, codes=None):
    """code -> list (one per household) of plain OpenFisca amounts, rounded to the cent, as our engine
    reports them (yearly variables: the yearly amount; coverage: (free, participation))."""
    with fast_parameters.disabled():
        return _plain_results(system, households, period, codes or list(BENEFITS))


def _plain_results(system, households, period, codes):
    situation, owners = merged_situation(households, period)
    simulation = SimulationBuilder().build_from_entities(system, situation)
    results = {}
    for code in codes:
        benefit = BENEFITS[code]
        variable = system.variables[benefit.variable]
        variable_period = period[:4] if variable.definition_period == "year" else period
        values = simulation.calculate(benefit.variable, variable_period)
        ids = list(simulation.populations[benefit.entity].ids)
        if benefit.period_kind == "coverage":
            participation = simulation.calculate(benefit.participation_variable, period)
            results[code] = [
                (
                    bool(values[ids.index(o["famille"])]),
                    round(float(participation[ids.index(o["famille"])]), 2),
                )
                for o in owners
            ]
        elif benefit.entity == "individu":
            results[code] = [round(sum(float(values[ids.index(p)]) for p in o["persons"]), 2) for o in owners]
        else:
            results[code] = [round(float(values[ids.index(o[benefit.entity])]), 2) for o in owners]
    return results
