"""Answer from inputs what does not depend on the household: the engine's main speed-up.

For a screening month, OpenFisca-France evaluates thousands of formulas whose value cannot depend on
anything a household tells us: payroll chains of months where no salary is declared (salaire_imposable
of N-3 computed from a salaire_de_base that nobody set), pensions and capital income that default to
zero, and so on. Plain OpenFisca re-evaluates them for every simulation.

Once per process, per (month, benefits), we run a traced simulation on a few varied probe households and
read OpenFisca's own trace: a (variable, period) is *constant* when no input we set lies below it, every
variable below it belongs to the same entity, and its value is the same for every member of every probe
household. The constants that formulas of the household-dependent part read are then set as inputs in
every later simulation: OpenFisca answers them from memory instead of re-running the chains.
Results are identical by construction; the correctness tests compare every benefit with plain OpenFisca.

One more kind of constant: an allocation that OpenFisca-France grants only on a condition Guichet never
asks, so that its value is zero for every household we can describe (`CLOSED_BY_UNSET_INPUT`). The ASS,
read as a resource by the RSA, the prime d'activité, the AAH and the complémentaire santé month by month,
requires `ass_precondition_remplie` (five years of work in the last ten), which no form asks: OpenFisca
computes its whole base of resources over twelve months, then multiplies by False — about a quarter of a
household's screening. The plan sets it to zero on every month OpenFisca asks for it, but only after
checking, on the probe households, that the condition is indeed never set and always false, and that
OpenFisca's own value of the allocation is zero on each of those months; otherwise it is left to OpenFisca.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import threading
from decimal import Decimal
from pathlib import Path

import numpy as np
from openfisca_core.tracers import SimpleTracer

_plans: dict = {}
_lock = threading.Lock()


def probe_households():
    from guichet.screening.household import Household, Person

    d = datetime.date
    return [
        Household(
            persons=(
                Person("demandeur", d(1984, 5, 2), salaire_net_mensuel=Decimal(1450)),
                Person("conjoint", d(1986, 9, 30), chomage_net_mensuel=Decimal(800), aah_taux_incapacite=80),
                Person("enfant", d(2011, 2, 1), scolarite="college"),
                Person("enfant", d(2008, 7, 14), scolarite="lycee"),
                Person("enfant", d(2024, 1, 5)),
                Person("autre", d(1950, 3, 3), retraite_nette_mensuelle=Decimal(700)),
            ),
            depcom="69123",
            loyer_mensuel=Decimal(720),
        ),
        Household(
            persons=(Person("demandeur", d(1957, 1, 1), retraite_nette_mensuelle=Decimal(600)),),
            depcom="13055",
            statut_occupation="proprietaire",
        ),
        Household(
            persons=(
                Person("demandeur", d(2003, 4, 4), salaire_net_mensuel=Decimal(500), etudiant=True),
                Person("enfant", d(2022, 6, 6)),
            ),
            depcom="97411",
            loyer_mensuel=Decimal(400),
            statut_occupation="locataire_meuble",
        ),
        Household(
            persons=(
                Person(
                    "demandeur", d(1975, 12, 12), aah_taux_incapacite=60, salaire_net_annuel_n1=Decimal(3000)
                ),
            ),
            depcom="01053",
            statut_occupation="heberge_gratuit",
        ),
    ]


def age_probe_households():
    """Persons of every age from 0 to 104, born in every month of the year, for the uniformity check."""
    from guichet.screening.household import Household, Person

    households = []
    ages = list(range(0, 105))
    for start in range(0, len(ages), 15):
        persons = [Person("demandeur", datetime.date(1980, 6, 15))]
        for age in ages[start : start + 15]:
            birth = datetime.date(2026 - age, 1 + age % 12, 1 + age % 28)
            persons.append(Person("enfant" if age < 18 else "autre", birth))
        households.append(Household(persons=tuple(persons), depcom="75056"))
    return households


# variable -> the input (never set by Guichet, false by default) that OpenFisca-France's formula requires.
CLOSED_BY_UNSET_INPUT = {"ass": "ass_precondition_remplie"}


def _variables_for(codes) -> list[str]:
    """In the order compute_households asks them: benefits (registry order), then reasons."""
    from guichet.screening.benefits import BENEFITS

    ordered = [code for code in BENEFITS if code in set(codes)]
    names = []
    for code in ordered:
        names.append(BENEFITS[code].variable)
        if BENEFITS[code].participation_variable:
            names.append(BENEFITS[code].participation_variable)
    for code in ordered:
        names.extend(BENEFITS[code].reason_variables)
    return names


class EdgeTracer(SimpleTracer):
    """OpenFisca's simple tracer (its stack detects cycles) that also keeps who read what."""

    def __init__(self):
        super().__init__()
        self.children: dict[tuple, set] = {}

    def record_calculation_start(self, variable, period) -> None:
        key = (variable, str(period))
        self.children.setdefault(key, set())
        if self.stack:
            parent = self.stack[-1]
            self.children[(parent["name"], str(parent["period"]))].add(key)
        super().record_calculation_start(variable, period)


def build_plan(period: str, codes, *, explain=None) -> list[tuple[str, str, object]]:
    from guichet.screening.engine.compute import _period_for
    from guichet.screening.engine.situation import build_simulation, input_keys

    households = probe_households() + age_probe_households()
    simulation, _layout = build_simulation(households, period, prefill=False)
    system = simulation.tax_benefit_system
    simulation.trace = True
    for name in _variables_for(codes):
        simulation.calculate(name, _period_for(simulation, name, period))
    # The date of birth is read nearly everywhere (age): instead of refusing everything below it, the
    # uniformity check over persons of every age decides.
    inputs = {key for key in input_keys(period) if key[0] != "date_naissance"}

    children: dict[tuple, set] = {}
    roots = []

    def walk(node):
        key = (node.name, str(node.period))
        edges = children.setdefault(key, set())
        for child in node.children:
            edges.add((child.name, str(child.period)))
            walk(child)
        return key

    for tree in simulation.tracer.trees:
        roots.append(walk(tree))

    free: dict[tuple, bool] = {}  # key -> no input below it
    entity = {}

    def is_free(key) -> bool:
        if key in free:
            return free[key]
        free[key] = False  # guards cycles
        entity[key] = system.variables[key[0]].entity.key
        ok = key not in inputs
        for child in children.get(key, ()):
            ok = is_free(child) and ok
        free[key] = ok
        return ok

    def is_uniform(key) -> bool:
        value = simulation.get_holder(key[0]).get_array(key[1])
        if value is None:
            return False
        value = np.asarray(value)
        return len(value) > 0 and bool(np.all(value == value[0]))

    status = {key: is_free(key) and is_uniform(key) for key in list(children)}

    if explain:
        key = explain
        while key is not None:
            failing = [c for c in children.get(key, ()) if not free.get(c)]
            print(key, entity.get(key), "input" if key in inputs else "", failing[:5])
            key = failing[0] if failing else None

    frontier = set()
    for key, edges in children.items():
        if status.get(key):
            continue
        frontier.update(child for child in edges if status.get(child))
    plan = []
    for name, period_text in sorted(frontier):
        value = np.asarray(simulation.get_holder(name).get_array(period_text))
        plan.append((name, period_text, value[0]))
    known = {(name, period_text) for name, period_text, _value in plan}
    # Last: proving them zero computes again, and OpenFisca may then purge values read above.
    for (name, period_text), value in sorted(_closed_keys(simulation, children, status, inputs).items()):
        if (name, period_text) not in known:
            plan.append((name, period_text, value))
    return plan


def _closed_keys(simulation, children, status, inputs) -> dict:
    """{(variable, month): zero} for CLOSED_BY_UNSET_INPUT that the probes prove zero (see module doc)."""
    keys = {}
    for variable, guard in CLOSED_BY_UNSET_INPUT.items():
        asked = [key for key in children if key[0] == variable]
        guards = [key for key in children if key[0] == guard]
        if not asked or any(key[0] == guard for key in inputs):
            continue
        if not all(status.get(key) for key in guards):  # the condition must be a never-set constant…
            continue
        if any(np.asarray(simulation.get_holder(guard).get_array(key[1])).any() for key in guards):
            continue  # …and false
        # A value a spiral left uncached (OpenFisca purges those) is computed again, at the top level.
        values = [np.asarray(simulation.calculate(variable, key[1])) for key in asked]
        if not any(value.any() for value in values):
            keys.update({key: value[0] for key, value in zip(asked, values, strict=True)})
    return keys


def cache_dir() -> Path:
    default = Path(__file__).resolve().parents[3] / "var" / "screening-cache"
    return Path(os.environ.get("GUICHET_SCREENING_CACHE_DIR", default))


def _cache_file(period: str, codes: tuple[str, ...]) -> Path:
    from guichet.screening.engine import situation
    from guichet.screening.engine.system import openfisca_versions

    digest = hashlib.sha256()
    for part in (json.dumps(openfisca_versions(), sort_keys=True), period, ",".join(codes)):
        digest.update(part.encode())
    for module_file in (__file__, situation.__file__):
        digest.update(Path(module_file).read_bytes())
    return cache_dir() / f"plan-{period}-{digest.hexdigest()[:16]}.json"


def _encode(value):
    value = np.asarray(value)
    if value.dtype.kind == "M":
        return [str(value), value.dtype.str]
    return [value.item(), value.dtype.str]


def _decode(item):
    value, dtype = item
    if np.dtype(dtype).kind == "M":
        return np.datetime64(value).astype(dtype)
    return np.array(value, dtype=dtype)[()]


def _load(path: Path):
    try:
        rows = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return [(name, period_text, _decode(item)) for name, period_text, item in rows]


def _save(path: Path, plan) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(
            json.dumps([(name, period_text, _encode(value)) for name, period_text, value in plan])
        )
        temporary.replace(path)
    except OSError:
        pass  # a read-only disk only costs the next process the plan's computation


def plan_for(period: str, codes) -> list[tuple[str, str, object]]:
    """The plan for (period, codes): from memory, else from the disk cache, else computed (seconds)."""
    key = (period, tuple(sorted(set(codes))))
    plan = _plans.get(key)
    if plan is None:
        with _lock:
            plan = _plans.get(key)
            if plan is None:
                path = _cache_file(*key)
                plan = _load(path)
                if plan is None:
                    plan = build_plan(period, key[1])
                    _save(path, plan)
                _plans[key] = plan
    return plan


def apply_plan(simulation, plan) -> None:
    """Store each constant as an input (directly in the holders' memory: thousands per simulation)."""
    from openfisca_core.indexed_enums import Enum

    system = simulation.tax_benefit_system
    populations = {population.entity.key: population for population in simulation.populations.values()}
    for name, period, value in _parsed(plan):
        variable = system.variables[name]
        population = populations[variable.entity.key]
        holder = population.get_holder(name)
        if variable.value_type == Enum:
            holder.set_input(period, np.full(population.count, value))
            continue
        storage = holder._memory_storage
        if storage.is_eternal:
            storage.put(np.full(population.count, value, dtype=variable.dtype), period)
        else:  # what `put` does once the period is normalised; plan periods are parsed already
            storage._arrays[period] = np.full(population.count, value, dtype=variable.dtype)


_parsed_plans: dict[int, tuple] = {}


def _parsed(plan):
    """The plan with its periods parsed once (a plan is applied to every simulation of the process)."""
    from openfisca_core.periods import period as make_period

    cached = _parsed_plans.get(id(plan))
    if cached is None or cached[0] is not plan:
        cached = (plan, [(name, make_period(text), value) for name, text, value in plan])
        _parsed_plans[id(plan)] = cached
    return cached[1]


def register_plan(period: str, codes, plan) -> None:
    """Install a plan computed elsewhere (the batch's parent process ships it to Dask workers)."""
    _plans.setdefault((period, tuple(sorted(set(codes)))), plan)
