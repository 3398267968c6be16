"""One household, all benefits, warm: our engine vs plain OpenFisca-France (SimulationBuilder, one
simulation per household), in the same run; and the first request in a fresh process.

Prints wall-clock p50/p95 and CPU time per household (the machine may be shared: CPU time is the steadier
figure). Ours is measured without its result cache (distinct households); the cached path is shown apart.
"""

import json
import time

from _common import PERIOD, load_average, run_child, setup_django, summary

setup_django()

from openfisca_core.simulation_builder import SimulationBuilder  # noqa: E402

from guichet.screening.benefits import BENEFITS  # noqa: E402
from guichet.screening.engine import fast_parameters, screen_household, tax_benefit_system, warm_up  # noqa: E402
from guichet.screening.engine.situation import household_situation  # noqa: E402
from guichet.screening.tests.households import VARIED_HOUSEHOLDS  # noqa: E402

FRESH = """
import os, sys, time
t0 = time.monotonic()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
import django; django.setup()
from guichet.screening.engine import warm_up, screen_household
from guichet.screening.tests.households import VARIED_HOUSEHOLDS
warm_up("%s")
t1 = time.monotonic()
screen_household(VARIED_HOUSEHOLDS["couple_three_children_cf"], period="%s")
t2 = time.monotonic()
print(f"{t1 - t0:.3f} {t2 - t1:.3f}")
""" % (PERIOD, PERIOD)  # noqa: UP031


def plain_once(system, household):
    simulation = SimulationBuilder().build_from_entities(system, household_situation(household, PERIOD))
    for benefit in BENEFITS.values():
        simulation.calculate(benefit.variable, PERIOD[:4] if benefit.period_kind == "year" else PERIOD)
        if benefit.participation_variable:
            simulation.calculate(benefit.participation_variable, PERIOD)


def sparse_situation(household):
    """The same household written as a short situation usually is (inputs only on the 3 months before
    and last year, nothing set on older months, no taxable amounts): NOT the same inputs as ours, so its
    amounts may differ; shown only to say what the situation layout alone costs plain OpenFisca."""
    from openfisca_core.periods import period as make_period

    from guichet.screening.engine.situation import STATUT_OCCUPATION

    month = make_period(PERIOD)
    last3 = [str(month.offset(-i)) for i in (1, 2, 3)]
    last_year = str(month.start.year - 1)
    situation = household_situation(household, PERIOD)
    for pid, person in zip(situation["individus"], household.persons, strict=True):
        entry = {"date_naissance": situation["individus"][pid]["date_naissance"]}
        for name, value in (
            ("salaire_net", person.salaire_net_mensuel),
            ("chomage_net", person.chomage_net_mensuel),
            ("retraite_nette", person.retraite_nette_mensuelle),
        ):
            entry[name] = {m: float(value) for m in last3}
            entry[name][last_year] = (
                float(value) * 12 if name != "salaire_net" else float(person.salaire_net_mensuel_n1) * 12
            )
        entry["taux_incapacite"] = {PERIOD: person.aah_taux_incapacite / 100}
        entry["handicap"] = {PERIOD: person.aah_taux_incapacite > 0}
        entry["etudiant"] = {PERIOD: person.etudiant}
        entry["scolarite"] = {PERIOD: situation["individus"][pid]["scolarite"][PERIOD]}
        situation["individus"][pid] = entry
    menage = situation["menages"]["menage_1"]
    menage["depcom"] = {PERIOD: household.depcom}
    menage["loyer"] = {PERIOD: float(household.loyer_mensuel)}
    menage["statut_occupation_logement"] = {PERIOD: STATUT_OCCUPATION[household.statut_occupation]}
    return situation


def plain_sparse_once(system, household):
    simulation = SimulationBuilder().build_from_entities(system, sparse_situation(household))
    for benefit in BENEFITS.values():
        simulation.calculate(benefit.variable, PERIOD[:4] if benefit.period_kind == "year" else PERIOD)
        if benefit.participation_variable:
            simulation.calculate(benefit.participation_variable, PERIOD)


def measure(function, households):
    walls, cpus = [], []
    for household in households:
        wall, cpu = time.perf_counter(), time.process_time()
        function(household)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return summary(walls), summary(cpus)


def main():
    start_load = load_average()
    system = tax_benefit_system()
    warm_up(PERIOD)
    households = list(VARIED_HOUSEHOLDS.values())
    with fast_parameters.disabled():
        plain_once(system, households[0])  # warm plain too
    ours_wall, ours_cpu = measure(lambda h: screen_household(h, period=PERIOD, use_cache=False), households)
    with fast_parameters.disabled():  # plain: openfisca-core's own parameter indexing
        plain_wall, plain_cpu = measure(lambda h: plain_once(system, h), households)
        sparse_wall, sparse_cpu = measure(lambda h: plain_sparse_once(system, h), households[:8])
    cached_wall, _ = measure(lambda h: screen_household(h, period=PERIOD), households)
    cached_wall, _ = measure(lambda h: screen_household(h, period=PERIOD), households)
    load_and_warm, first_request = map(float, run_child(FRESH).split())
    figures = {
        "households": len(households),
        "benefits": len(BENEFITS),
        "ours_wall_s": ours_wall,
        "ours_cpu_s": ours_cpu,
        "plain_wall_s": plain_wall,
        "plain_cpu_s": plain_cpu,
        "ratio_p50_wall": plain_wall["p50"] / ours_wall["p50"],
        "ratio_p95_wall": plain_wall["p95"] / ours_wall["p95"],
        "ratio_p50_cpu": plain_cpu["p50"] / ours_cpu["p50"],
        "plain_sparse_situation_wall_s": sparse_wall,
        "plain_sparse_situation_cpu_s": sparse_cpu,
        "cached_wall_s": cached_wall,
        "fresh_process_load_and_warm_s": load_and_warm,
        "fresh_process_first_request_s": first_request,
        "load_average_start_end": [start_load, load_average()],
    }
    print(json.dumps(figures, indent=2, default=lambda v: round(v, 4)))


if __name__ == "__main__":
    main()
