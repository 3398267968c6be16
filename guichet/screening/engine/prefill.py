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

No shortcut may skip a formula whose subtree reads anything a household sets: OpenFisca-France resolves
its quasi-circular definitions (AAH <-> ASI/ASPA, RSA <-> aides au logement, ASS, revenu fiscal…) by the
order in which values are first computed, and a value computed during such a "spiral" may be read before
OpenFisca purges it. Skipping an input-dependent subtree changes that order, hence amounts. The ASS was
once set to zero here (its condition, five years of work in the last ten, is never asked): it saved a
quarter of the time, and gave a couple of an ASPA-age person and an AAH recipient an ASPA computed with a
spiral's provisional AAH of zero, hence the wrong complémentaire santé. The constants of the plan have no
input below them, so they never move a spiral. (fast_simulation.GUARDED_PRODUCTS is the one shortcut that
skips reads: it changes no value, and docs/simulation-droits.md says what it risks.)
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path

import numpy as np

from guichet.screening.engine import probes
from guichet.screening.engine.fast_loading import cache_dir

_plans: dict = {}
_lock = threading.Lock()


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


def build_plan(period: str, codes, *, explain=None):
    """(plan, readers): the constants to set, and the traced edges below them (see `readers`)."""
    from guichet.screening.engine.situation import build_simulation, input_keys, period_for_variable

    households = probes.probe_households() + probes.age_probe_households(period)
    simulation, _layout = build_simulation(households, period)
    system = simulation.tax_benefit_system
    simulation.trace = True
    for name in _variables_for(codes):
        simulation.calculate(name, period_for_variable(simulation, name, period))
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
    # Who reads what, among the household-independent values (every value below a constant is one):
    # a native situation that sets one of them drops the constants above it (`dropped_by`).
    readers: dict[tuple, set] = {}
    for key, edges in children.items():
        if free.get(key):
            for child in edges:
                readers.setdefault(_node(system, child), set()).add(_node(system, key))
    return plan, readers


def _node(system, key: tuple) -> tuple:
    """A traced (variable, period) as storage knows it: eternal variables are stored under ETERNITY."""
    from openfisca_core.periods import DateUnit

    variable = system.variables.get(key[0])
    if variable is not None and variable.definition_period == DateUnit.ETERNITY:
        return (key[0], "ETERNITY")
    return key


def _cache_file(period: str, codes: tuple[str, ...]) -> Path:
    from guichet.screening.engine import situation
    from guichet.screening.engine.system import openfisca_versions

    digest = hashlib.sha256()
    for part in (json.dumps(openfisca_versions(), sort_keys=True), period, ",".join(codes)):
        digest.update(part.encode())
    for module_file in (__file__, situation.__file__, probes.__file__):
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
        data = json.loads(path.read_text())
        plan = [(name, period_text, _decode(item)) for name, period_text, item in data["plan"]]
        nodes = [tuple(node) for node in data["nodes"]]
        readers = {nodes[child]: {nodes[parent] for parent in parents} for child, parents in data["readers"]}
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None
    return plan, readers


def _save(path: Path, plan, readers) -> None:
    nodes: dict[tuple, int] = {}

    def index(node) -> int:
        return nodes.setdefault(node, len(nodes))

    edges = [
        [index(child), sorted(index(parent) for parent in parents)] for child, parents in readers.items()
    ]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(
            json.dumps(
                {
                    "plan": [(name, period_text, _encode(value)) for name, period_text, value in plan],
                    "nodes": list(nodes),
                    "readers": edges,
                }
            )
        )
        temporary.replace(path)
    except OSError:
        pass  # a read-only disk only costs the next process the plan's computation


def plan_for(period: str, codes) -> list[tuple[str, str, object]]:
    """The plan for (period, codes): from memory, else from the disk cache, else computed (seconds)."""
    return _plan_and_readers(period, codes, with_readers=False)[0]


_unplannable: dict = {}  # (period, codes) -> the error building their plan raised (raised again, not retried)


def _plan_and_readers(period: str, codes, *, with_readers: bool = True):
    key = (period, tuple(sorted(set(codes))))
    if key in _unplannable:
        raise _unplannable[key]
    entry = _plans.get(key)
    if entry is None or (with_readers and entry[1] is None):
        with _lock:
            entry = _plans.get(key)
            if entry is None or (with_readers and entry[1] is None):
                path = _cache_file(*key)
                entry = _load(path)
                if entry is None:
                    try:
                        entry = build_plan(period, key[1])
                    except Exception as error:
                        _unplannable[key] = error
                        raise
                    _save(path, *entry)
                _plans[key] = entry
    return entry


def dropped_by(period: str, codes, stored: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """The planned (variable, period) a simulation must not receive, given the values it already holds
    (`stored`, keys as storage knows them): those it holds, and every constant whose traced subtree reads
    one of them. Applying the plan to a native OpenFisca situation as it is would overwrite what the
    situation says (a pension alimentaire, a hospitalisation date) and what depends on it."""
    readers = _plan_and_readers(period, codes)[1]
    reached = set(stored)
    pending = [key for key in stored if key in readers]
    while pending:
        for parent in readers.get(pending.pop(), ()):
            if parent not in reached:
                reached.add(parent)
                pending.append(parent)
    return reached


def build_prefilled_simulation(households, period: str, codes):
    """The fast simulation for `codes`: plain inputs, then their household-independent constants."""
    from guichet.screening.engine.situation import build_simulation

    simulation, layout = build_simulation(households, period, fast=True)
    apply_plan(simulation, plan_for(period, codes))
    return simulation, layout


def apply_plan(simulation, plan, skip: set[tuple[str, str]] | None = None) -> None:
    """Store each constant as an input, directly in the holders' memory (thousands per simulation),
    but those in `skip` (keys as `dropped_by` gives them).

    What `set_input` would store: a fresh array of the variable's dtype per (variable, period), copied
    from a one-value template prepared once per plan (not shared: a formula may write into what it
    reads). Enumerations go through `set_input`, which encodes them."""
    populations = {population.entity.key: population for population in simulation.populations.values()}
    for entity_key, name, is_enum, eternal, entries in _prepared(plan, simulation.tax_benefit_system):
        population = populations[entity_key]
        holder = population.get_holder(name)
        count = population.count
        if skip:
            entries = [entry for entry in entries if (name, entry[0]) not in skip]
        if is_enum:
            for _text, period, value in entries:
                holder.set_input(period, np.full(count, value))
            continue
        arrays = holder._memory_storage._arrays
        for _text, period, template in entries:
            # what `put` does once the period is normalised (eternal variables under ETERNITY)
            arrays[eternal or period] = template.copy() if count == 1 else np.repeat(template, count)


_prepared_plans: dict[int, tuple] = {}


def _prepared(plan, system):
    """The plan grouped by variable, periods parsed and values typed once (a plan is applied to every
    simulation of the process): (entity, variable, is an enum, ETERNITY or None, entries), entries being
    [(period as text, period, value)] for an enum, else [(text, period, one-element array of the value)];
    the text of an eternal variable's period is ETERNITY, as storage knows it."""
    from openfisca_core.indexed_enums import Enum
    from openfisca_core.periods import DateUnit
    from openfisca_core.periods import period as make_period

    cached = _prepared_plans.get(id(plan))
    if cached is not None and cached[0] is plan:
        return cached[1]
    grouped: dict[str, list] = {}
    for name, text, value in plan:
        grouped.setdefault(name, []).append((text, make_period(text), value))
    prepared = []
    eternity = make_period(DateUnit.ETERNITY)
    for name, entries in grouped.items():
        variable = system.variables[name]
        is_enum = variable.value_type == Enum
        eternal = eternity if variable.definition_period == DateUnit.ETERNITY else None
        if eternal:
            entries = [("ETERNITY", period, value) for _text, period, value in entries]
        if not is_enum:
            entries = [
                (text, period, np.full(1, value, dtype=variable.dtype)) for text, period, value in entries
            ]
        prepared.append((variable.entity.key, name, is_enum, eternal, entries))
    _prepared_plans[id(plan)] = (plan, prepared)
    return prepared


def register_plan(period: str, codes, plan) -> None:
    """Install a plan computed elsewhere (the batch's parent process ships it to Dask workers; batches
    screen our own households, which need no readers: `dropped_by` would load them from the disk)."""
    _plans.setdefault((period, tuple(sorted(set(codes)))), (plan, None))
