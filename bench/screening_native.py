"""A native OpenFisca situation, all benefits, warm: `screen_openfisca_situation` on the fast engine
("moteur": "rapide") vs the same function on stock OpenFisca ("moteur": "openfisca", the baseline), in the
same run, on the native situations of our varied households (`household_situation`), each with a pension
alimentaire set on the screening month (an input our own households never set, so the plan must drop the
constants that read it).

Prints wall-clock p50/p95 per situation and checks that both engines give the same amounts.
"""

import copy
import time

from _common import PERIOD, load_average, setup_django, summary

setup_django()

from guichet.screening.engine import screen_openfisca_situation, warm_up  # noqa: E402
from guichet.screening.engine.situation import household_situation  # noqa: E402
from guichet.screening.tests.households import VARIED_HOUSEHOLDS  # noqa: E402

ROUNDS = 3


def situations():
    for household in VARIED_HOUSEHOLDS.values():
        situation = household_situation(household, PERIOD)
        first = next(iter(situation["individus"].values()))
        first["pensions_alimentaires_percues"] = {PERIOD: 80}
        yield situation


def main():
    warm_up(PERIOD)
    screen_openfisca_situation(next(situations()), period=PERIOD)  # plan and readers loaded
    timings = {"rapide": [], "openfisca": []}
    engines = {"rapide": set(), "openfisca": set()}
    for _round in range(ROUNDS):
        for situation in situations():
            answers = {}
            for name, engine in (("rapide", "auto"), ("openfisca", "openfisca")):
                start = time.perf_counter()
                answers[name] = screen_openfisca_situation(
                    copy.deepcopy(situation), period=PERIOD, engine=engine
                )
                timings[name].append(time.perf_counter() - start)
                engines[name].add(answers[name]["moteur"])
            assert answers["rapide"]["benefits"] == answers["openfisca"]["benefits"], "engines disagree"
    fast, stock = summary(timings["rapide"]), summary(timings["openfisca"])
    print(
        f"situations natives ({len(VARIED_HOUSEHOLDS)} foyers x {ROUNDS}), période {PERIOD}, charge {load_average()}"
    )
    print(
        f"  moteur rapide   p50 {fast['p50'] * 1000:7.0f} ms  p95 {fast['p95'] * 1000:7.0f} ms  {engines['rapide']}"
    )
    print(
        f"  OpenFisca seul  p50 {stock['p50'] * 1000:7.0f} ms  p95 {stock['p95'] * 1000:7.0f} ms  (référence)"
    )
    print(f"  gain p50 : x{stock['p50'] / fast['p50']:.1f} ; mêmes montants sur toutes les situations")


if __name__ == "__main__":
    main()
