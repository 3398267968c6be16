"""Cheaper reads in OpenFisca simulations: the same values, with less Python per read.

For one household, OpenFisca-France reads some 30,000 (variable, period) values to screen 14 benefits, but
only about 5,800 distinct ones, and runs about 3,500 formulas: four reads in five ask again for a value
already in memory, mostly monthly resources summed over reference years by the RSA, the prime d'activité,
the AAH, the ASS and the complémentaire santé solidaire. openfisca-core 44 pays each such read with its
whole checking path (the call's options, the entity, the period's consistency, the tracer's stack, the
storage's period normalisation): about 30 µs, most of the interactive screening's time.

`speed_up(simulation)` turns a built simulation into one whose reads of a value already in memory go
straight to the holder's storage, and whose sums over sub-periods (`ADD`) are remembered:

- a read only takes the short path when the value is stored under that exact period, which the stock
  path would return too (before any formula, cycle check or tracer step matters); anything else — a
  missing value, a neutralised variable, a wrong period that must raise — goes down openfisca-core's
  own path, unchanged;
- a sum is remembered only if no quasi-circular definition ("spiral", where OpenFisca returns a
  temporary default instead of a value) happened while it was computed, and every remembered sum is
  forgotten when OpenFisca purges the values a spiral invalidated, and when an input is set;
- a remembered sum is handed out as a copy, as the stock path hands out a fresh array;
- a value to compute goes through openfisca-core's steps with its simple tracer inlined (push the
  frame, compute, pop, purge once the stack is empty), and the periods of each variable's frames are
  kept aside, so that the cycle check reads them instead of scanning the whole stack at every formula;
  with any other tracer (a trace asked), openfisca-core's own `calculate` runs;
- a sum over sub-periods runs openfisca-core's checks the first time for a (variable, unit), which
  depend on nothing else, then only its sum.

One formula-level shortcut, exact by the formula's own arithmetic: some OpenFisca-France formulas are
zero wherever a boolean they read first is false (`GUARDED_PRODUCTS`: caah is `mva * eligibilite_caah`).
When that guard is false for every person of the simulation, the rest of the formula is not run and the
value is the variable's default, zero, which the formula would have returned. This only skips reads,
never changes the value of the variable, and applies only to a formula whose code has exactly the
fingerprint recorded (otherwise it runs as it is). For a household where nobody is disabled, it
saves the month-by-month housing benefit that the majoration pour la vie autonome reads, and the AAH's
resources: about a third of the formula runs. What was skipped is computed as usual if anything else asks
for it.

Only the engine's simulations are sped up, never the traced simulation that builds the prefill plan
(it needs the tracer to see every read) nor plain OpenFisca in the tests and benchmarks. The tests
compare every benefit with plain OpenFisca-France, to the cent, on the 34 households and on
hypothesis-generated ones.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from openfisca_core import errors, periods
from openfisca_core.periods import DateUnit, Period
from openfisca_core.populations import ADD
from openfisca_core.simulations import Simulation
from openfisca_core.tracers import SimpleTracer

_ETERNITY = periods.period(DateUnit.ETERNITY)
_NOT_FAST = object()  # marks a variable whose reads always take the stock path
_formulas: dict = {}  # (variable, instant) -> (formula in force or None, its guard or None)


class FastSimulation(Simulation):
    """A Simulation whose repeated reads are cheap (see the module's docstring)."""

    def _fast_init(self) -> None:
        self._fast_storage: dict = {}
        self._parts: dict = {}
        self._sums: dict = {}
        self._spirals = 0
        self._in_stack: dict = {}  # variable -> periods of its frames on the tracer's stack, in order
        self._add_checked: set = set()  # (variable, unit) that openfisca-core's calculate_add accepted
        for population in self.populations.values():
            population.__class__ = _fast_population_class(population.__class__)
            population._fast_checked = set()

    def _storage_of(self, variable_name: str):
        """(the holder's memory storage, key override for eternal variables) or _NOT_FAST.

        The storage object, not its dict: deleting values replaces the dict."""
        variable = self.tax_benefit_system.variables.get(variable_name)
        if variable is None or variable.is_neutralized:
            entry = _NOT_FAST
        else:
            holder = self.get_variable_population(variable_name).get_holder(variable_name)
            if holder._disk_storage is not None:
                entry = _NOT_FAST
            else:
                storage = holder._memory_storage
                entry = (storage, _ETERNITY if storage.is_eternal else None)
        self._fast_storage[variable_name] = entry
        return entry

    def calculate(self, variable_name: str, period):
        if period is not None and not isinstance(period, Period):
            period = periods.period(period)
        entry = self._fast_storage.get(variable_name)
        if entry is None:
            entry = self._storage_of(variable_name)
        if entry is not _NOT_FAST:
            storage, eternal = entry
            value = storage._arrays.get(eternal or period)
            if value is not None:
                if self.invalidated_caches and not self.tracer.stack:
                    self.purge_cache_of_invalid_values()
                return value
        tracer = self.tracer
        if type(tracer) is not SimpleTracer:
            return Simulation.calculate(self, variable_name, period)
        # openfisca-core's `calculate` with its simple tracer (no trace asked), step for step: push the
        # frame, compute, pop it, purge what a spiral invalidated once the stack is empty. The periods of
        # each variable's frames are kept aside too, for the cycle check.
        stack = tracer.stack
        stack.append({"name": variable_name, "period": period})
        in_stack = self._in_stack.get(variable_name)
        if in_stack is None:
            in_stack = self._in_stack[variable_name] = []
        in_stack.append(period)
        try:
            return self._calculate(variable_name, period)
        finally:
            stack.pop()
            in_stack.pop()
            if self.invalidated_caches and not stack:
                self.purge_cache_of_invalid_values()

    def _calculate(self, variable_name: str, period):
        """openfisca-core's `_calculate`, step for step, with the variable, its population and its
        holder looked up once per simulation instead of three times per formula run."""
        parts = self._parts.get(variable_name)
        if parts is None:
            population = self.get_variable_population(variable_name)
            variable = self.tax_benefit_system.get_variable(variable_name, check_existence=True)
            if variable is None:
                raise errors.VariableNotFoundError(variable_name, self.tax_benefit_system)
            parts = self._parts[variable_name] = (variable, population, population.get_holder(variable_name))
        variable, population, holder = parts
        self._check_period_consistency(period, variable)
        cached_array = holder.get_array(period)
        if cached_array is not None:
            return cached_array
        if self.start_computation_period is not None:
            return Simulation._calculate(self, variable_name, period)
        try:
            self._check_for_cycle(variable.name, period)
            array = self._run_formula(variable, population, period)
            if array is None:
                array = holder.default_array()
            array = self._cast_formula_result(array, variable)
            if (
                holder._do_not_store
                or holder._on_disk_storable
                or self.opt_out_cache
                or holder._eternal
                or period.unit != variable.definition_period
                or period.size != 1
                or array.shape != (population.count,)
                or array.dtype != variable.dtype
            ):
                holder.put_in_cache(array, period)
            else:  # what put_in_cache ends up doing for such a value
                holder._memory_storage._arrays[period] = array
        except errors.SpiralError:
            array = holder.default_array()
        return array

    def _run_formula(self, variable, population, period):
        """openfisca-core's `_run_formula`, with the formula in force at the period's start looked up
        once per process (it depends on the variable and that instant only)."""
        key = (variable, period.start)
        found = _formulas.get(key)
        if found is None:
            formula = variable.get_formula(period)
            found = (formula, _guarded_by(variable, formula) if formula is not None else None)
            if len(_formulas) >= 100_000:
                _formulas.clear()
            _formulas[key] = found
        formula, guard = found
        if formula is None:
            return None
        if guard is not None and not population(guard, period).any():
            return None  # the formula multiplies by the guard, false for everyone: its default, zero
        if self.trace:
            parameters_at = self.trace_parameters_at_instant
        else:
            parameters_at = self.tax_benefit_system.get_parameters_at_instant
        if formula.__code__.co_argcount == 2:
            return formula(population, period)
        return formula(population, period, parameters_at)

    def calculate_add(self, variable_name: str, period):
        if period is not None and not isinstance(period, Period):
            period = periods.period(period)
        key = (variable_name, period)
        remembered = self._sums.get(key)
        if remembered is not None:
            return remembered.copy()
        spirals = self._spirals
        checked = (variable_name, period.unit)
        if checked in self._add_checked:  # what openfisca-core's calculate_add does once its checks pass
            variable = self.tax_benefit_system.variables[variable_name]
            value = sum(
                self.calculate(variable_name, sub_period)
                for sub_period in period.get_subperiods(variable.definition_period)
            )
        else:  # its checks (which depend on the variable and the period's unit only) raise or pass
            value = Simulation.calculate_add(self, variable_name, period)
            self._add_checked.add(checked)
        if self._spirals == spirals and hasattr(value, "copy"):
            self._sums[key] = value.copy()
        return value

    def _check_for_cycle(self, variable: str, period) -> None:
        """openfisca-core's check, step for step, but the spiral's message does not print the whole
        calculation stack (OpenFisca catches that error and never shows it; printing it cost more than
        the check itself, the RSA and prime d'activité spiralling by design)."""
        if type(self.tracer) is SimpleTracer:  # the frames pushed by `calculate`, the current one last
            previous_periods = self._in_stack[variable][:-1]
        else:
            previous_periods = [
                frame["period"] for frame in self.tracer.stack[:-1] if frame["name"] == variable
            ]
        if period in previous_periods:
            raise errors.CycleError(f"Circular definition detected on formula {variable}@{period}")
        if len(previous_periods) >= self.max_spiral_loops:
            self.invalidate_spiral_variables(variable)
            self._spirals += 1
            raise errors.SpiralError(
                f"Quasicircular definition detected on formula {variable}@{period}", variable
            )

    def purge_cache_of_invalid_values(self) -> None:
        if self.invalidated_caches and not self.tracer.stack:
            self._sums.clear()
        Simulation.purge_cache_of_invalid_values(self)

    def set_input(self, variable_name: str, period, value) -> None:
        self._sums.clear()
        Simulation.set_input(self, variable_name, period, value)

    def delete_arrays(self, variable, period=None) -> None:
        self._sums.clear()
        Simulation.delete_arrays(self, variable, period)


# Formulas of OpenFisca-France that are zero wherever one boolean they read first is false: when that
# guard is false for every person of the simulation, the rest of the formula is not evaluated and the
# value is the variable's default, zero (see the module's doc). variable -> (guard, fingerprint of the
# formula's code, as _fingerprint computes it): a formula whose code differs in any way (another
# OpenFisca-France, another Python) is run as it is.
GUARDED_PRODUCTS = {
    # caah (since 2019-12-01): `return mva * eligibilite_caah`. mva reads the family's housing benefit
    # for the month, and the RSA, the prime d'activité and the complémentaire santé read caah over their
    # reference months: about 850 of the 2,800 formula runs of one household's screening.
    "caah": ("eligibilite_caah", "bc361a997a5ca8feca7c"),
    # aah_base (since 2023-10-01): `where(c, max_(e * a, e * b), e * b)` with e = aah_eligible and a, b
    # bounded by max_(0, ·): zero when e is false.
    "aah_base": ("aah_eligible", "09f84318cdc011c43f43"),
}


def _fingerprint(formula) -> str:
    code = formula.__code__
    return hashlib.sha256(code.co_code + repr((code.co_consts, code.co_names)).encode()).hexdigest()[:20]


def _guarded_by(variable, formula):
    """The guard of a GUARDED_PRODUCTS formula when the formula is the one described there, else None
    (looked up once per formula and instant, with the formula in force: see `_run_formula`)."""
    known = GUARDED_PRODUCTS.get(variable.name)
    if known is not None and _fingerprint(formula) == known[1]:
        return known[0]
    return None


_population_classes: dict[type, type] = {}


def _fast_population_class(base: type) -> type:
    """A subclass of the population's class whose calls skip the checks a known variable has passed."""
    if getattr(base, "_is_fast", False):
        return base
    cls = _population_classes.get(base)
    if cls is None:

        def __call__(self, variable_name, period, options: Sequence | None = None):
            simulation = self.simulation
            if (
                simulation is None
                or variable_name not in self._fast_checked
                or not isinstance(period, Period)
                or (options is not None and list(options) != [ADD])
            ):
                result = base.__call__(self, variable_name, period, options)
                if simulation is not None and isinstance(period, Period):
                    self._fast_checked.add(variable_name)  # the entity check passed
                return result
            if options is None:
                # the hit of FastSimulation.calculate, one call less (a formula's reads are mostly hits)
                entry = simulation._fast_storage.get(variable_name)
                if entry is not None and entry is not _NOT_FAST and not simulation.invalidated_caches:
                    value = entry[0]._arrays.get(entry[1] or period)
                    if value is not None:
                        return value
                return simulation.calculate(variable_name, period)
            return simulation.calculate_add(variable_name, period)

        cls = type(f"Fast{base.__name__}", (base,), {"__call__": __call__, "_is_fast": True})
        _population_classes[base] = cls
    return cls


def speed_up(simulation: Simulation) -> Simulation:
    """Make `simulation` (just built, inputs not yet set or set: both fine) a FastSimulation, in place."""
    if not isinstance(simulation, FastSimulation):
        simulation.__class__ = FastSimulation
        simulation._fast_init()
    return simulation
