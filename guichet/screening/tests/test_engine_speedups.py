"""The engine's speed-ups change how fast OpenFisca answers, never what it answers: cheaper repeated reads
(fast_simulation.py), formulas skipped when their guard is false for everyone
(fast_simulation.GUARDED_PRODUCTS), remembered period arithmetic (fast_periods.py), and the constants of
the plan (prefill.py)."""

import datetime
from decimal import Decimal

import numpy as np
import pytest
from openfisca_core import periods
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DateUnit, Instant, Period

from guichet.screening.benefits import BENEFITS
from guichet.screening.engine import fast_parameters, fast_periods, fast_simulation, prefill
from guichet.screening.engine.compute import compute_households, period_for_variable
from guichet.screening.engine.fast_simulation import FastSimulation
from guichet.screening.engine.prefill import build_prefilled_simulation
from guichet.screening.engine.reference import plain_results
from guichet.screening.engine.situation import build_simulation, input_keys
from guichet.screening.household import Household, Person
from guichet.screening.tests.households import PERIOD, VARIED_HOUSEHOLDS, our_value

NAMES = list(VARIED_HOUSEHOLDS)


@pytest.fixture(scope="module")
def plain(openfisca_system):
    return plain_results(openfisca_system, list(VARIED_HOUSEHOLDS.values()), PERIOD)


@pytest.mark.parametrize("name", NAMES)
def test_every_household_screened_alone_equals_plain_openfisca(name, plain):
    """The interactive path (one household per simulation, reasons asked too, every speed-up on)."""
    index = NAMES.index(name)
    chunk = compute_households([VARIED_HOUSEHOLDS[name]], PERIOD, list(BENEFITS), with_reasons=True)
    mismatches = {}
    for code, arrays in chunk.benefits.items():
        ours = our_value(arrays, code, 0)
        if ours != plain[code][index]:
            mismatches[code] = (ours, plain[code][index])
    assert mismatches == {}


def test_every_constant_of_the_plan_is_what_plain_openfisca_computes_for_unusual_households(openfisca_system):
    """A constant is read off probe households: the probes must vary whatever a household can vary without an
    input below it, the ages and the composition. Here dependants over 18 (`nbJ`, the foyer's adult
    dependants, was once taken as always zero), persons of 106 and of 0, a demandeur of 17."""
    d = datetime.date
    unusual = [
        Household(
            persons=(
                Person("demandeur", d(1949, 11, 13)),
                Person("enfant", d(1994, 12, 18), salaire_net_mensuel=Decimal(2000)),
                Person("enfant", d(2004, 9, 29)),
                Person("autre", d(1920, 1, 29), retraite_nette_mensuelle=Decimal(900)),
                Person("enfant", d(2026, 10, 1)),
            ),
            depcom="69123",
        ),
        Household(
            persons=(Person("demandeur", d(2009, 5, 1)), Person("autre", d(2012, 1, 1))), depcom="97411"
        ),
    ]
    plan = prefill.plan_for(PERIOD, list(BENEFITS))
    simulation, _ = build_simulation(unusual, PERIOD)
    wrong = {
        (name, period): (value, values.tolist())
        for name, period, value in plan
        if not np.all((values := np.asarray(simulation.calculate(name, period))) == value)
    }
    assert wrong == {}


def _stored(simulation, keys):
    stored = {}
    for name, period in keys:
        value = simulation.get_holder(name).get_array(period)
        stored[(name, period)] = (type(value).__name__, str(value.dtype), value.tolist())
    return stored


def test_inputs_stored_once_per_variable_are_what_set_input_stores_month_by_month(openfisca_system):
    households = [VARIED_HOUSEHOLDS["couple_three_children_cf"], VARIED_HOUSEHOLDS["reunion_single_parent"]]
    keys = sorted(input_keys(PERIOD))
    ours, _ = build_simulation(households, PERIOD, fast=True)
    stock, _ = build_simulation(households, PERIOD)  # set_input month by month
    assert _stored(ours, keys) == _stored(stock, keys)
    scolarite = [ours.get_holder("scolarite").get_array(month) for month in ("2026-10", "2026-11")]
    assert scolarite[0] is not scolarite[1]  # an encoded array per month, as set_input makes


def test_the_plan_stores_each_constant_in_a_fresh_array_of_its_dtype(openfisca_system):
    plan = prefill.plan_for(PERIOD, list(BENEFITS))
    households = [VARIED_HOUSEHOLDS["couple_four_children_owner"]]
    first, _ = build_prefilled_simulation(households, PERIOD, list(BENEFITS))
    second, _ = build_prefilled_simulation(households, PERIOD, list(BENEFITS))
    wrong, shared = [], []
    for name, period, value in plan:
        variable = openfisca_system.variables[name]
        population = first.get_variable_population(name)
        array = first.get_holder(name).get_array(period)
        if variable.value_type is not Enum:
            expected = np.full(population.count, value, dtype=variable.dtype)
            if array.dtype != expected.dtype or not np.array_equal(array, expected):
                wrong.append((name, period))
        elif not np.all(array == value):
            wrong.append((name, period))
        if array is second.get_holder(name).get_array(period):
            shared.append((name, period))
    assert (wrong, shared) == ([], [])


def _household(**kw):
    person = Person("demandeur", datetime.date(1980, 3, 3), **kw)
    return Household(persons=(person,), depcom="75056", loyer_mensuel=Decimal(500))


def test_the_engine_simulation_is_fast_and_plain_ones_are_not(openfisca_system):
    fast, _ = build_prefilled_simulation([_household()], PERIOD, ["rsa"])
    plain, _ = build_simulation([_household()], PERIOD)
    assert isinstance(fast, FastSimulation)
    assert not isinstance(plain, FastSimulation)


def test_a_remembered_sum_is_forgotten_when_an_input_changes(openfisca_system):
    simulation, _ = build_prefilled_simulation(
        [_household(salaire_net_mensuel=Decimal(1000))], PERIOD, ["rsa"]
    )
    year = periods.period("2025")
    first = simulation.calculate_add("salaire_net", year)
    assert float(first[0]) == pytest.approx(12 * 1000, rel=1e-6)
    first[0] = -1  # the caller owns what it was given: the remembered sum is untouched
    assert float(simulation.calculate_add("salaire_net", year)[0]) == pytest.approx(12000, rel=1e-6)
    simulation.delete_arrays("salaire_net", "2025-06")
    simulation.set_input("salaire_net", "2025-06", np.array([4000.0]))
    assert float(simulation.calculate_add("salaire_net", year)[0]) == pytest.approx(15000, rel=1e-6)
    simulation._sums[("salaire_net", year)] = np.array([1.0])  # a stale sum…
    simulation.get_holder("salaire_net").delete_arrays("2025-06")  # …below OpenFisca's own API
    simulation.set_input("salaire_net", "2025-06", np.array([2000.0]))
    assert float(simulation.calculate_add("salaire_net", year)[0]) == pytest.approx(13000, rel=1e-6)


def test_a_read_of_an_unknown_or_wrong_period_still_takes_openfiscas_path(openfisca_system):
    simulation, _ = build_prefilled_simulation([_household()], PERIOD, ["rsa"])
    with pytest.raises(ValueError, match="must be computed for a whole month"):
        simulation.calculate("salaire_net", "2025")
    with pytest.raises(ValueError, match="whole month"):
        simulation.populations["individu"]("salaire_net", periods.period("2025"))


def test_a_sum_over_a_period_shorter_than_the_variable_is_refused_even_after_accepted_sums(openfisca_system):
    simulation, _ = build_prefilled_simulation([_household()], PERIOD, ["rsa"])
    simulation.calculate_add("salaire_net", "2025")  # a year of months: accepted, then not checked again
    simulation.calculate_add("salaire_net", "2025-01")
    with pytest.raises(ValueError, match="can only be computed for year-long periods"):
        simulation.calculate_add("rfr", "2025-01")
    with pytest.raises(ValueError, match="eternity-long periods"):
        simulation.calculate_add("date_naissance", "2025")


def test_the_stack_is_empty_after_a_screening_and_after_a_read_that_raises(openfisca_system):
    """The engine's calculate pushes and pops OpenFisca's frames itself, and keeps each variable's
    periods aside for the cycle check: both must be back to empty whatever happens."""
    simulation, _ = build_prefilled_simulation(
        [VARIED_HOUSEHOLDS["disabled_couple_one_working"]], PERIOD, list(BENEFITS)
    )
    for code in BENEFITS:
        variable = BENEFITS[code].variable
        simulation.calculate(variable, period_for_variable(simulation, variable, PERIOD))
    with pytest.raises(ValueError, match="whole month"):
        simulation.calculate("rsa", "2025")
    assert simulation.tracer.stack == []
    assert {name: periods for name, periods in simulation._in_stack.items() if periods} == {}
    assert simulation._spirals > 0  # the AAH <-> ASI loops were met, and detected through the index


def test_a_sum_computed_during_a_spiral_is_not_remembered(openfisca_system):
    simulation, _ = build_prefilled_simulation([_household()], PERIOD, ["rsa"])
    key = ("salaire_net", periods.period("2025"))
    spirals = simulation._spirals

    def spiralling(*args):
        simulation._spirals += 1  # what _check_for_cycle does when OpenFisca meets a spiral below
        return np.array([12.0])

    from openfisca_core.simulations import Simulation

    stock = Simulation.calculate_add
    Simulation.calculate_add = lambda self, name, period: spiralling()
    try:
        simulation.calculate_add(*key)
    finally:
        Simulation.calculate_add = stock
    assert simulation._spirals == spirals + 1
    assert key not in simulation._sums


def _arithmetic(period):
    """What the engine asks of a period, each kind once."""
    return (
        period.offset(-1),
        period.offset(-12, DateUnit.MONTH),
        period.offset("first-of", DateUnit.YEAR),
        period.stop,
        period.last_3_months,
        period.last_year,
        period.first_month,
        period.start.offset(-1, DateUnit.MONTH),
        period.start.offset("last-of", DateUnit.MONTH),
        period.get_subperiods(DateUnit.MONTH) if period.unit != DateUnit.DAY else [],
    )


@pytest.mark.parametrize(
    "text", ["2024-01", "2025-12", "2026-11", "2026", "2024", "month:2025-03:3", "year:2024:2", "2026-02-28"]
)
def test_remembered_period_arithmetic_equals_openfisca_core(text, openfisca_system):
    assert fast_periods.is_enabled()
    period = periods.period(text)
    fast = _arithmetic(period)
    with fast_parameters.disabled():
        assert not fast_periods.is_enabled()
        stock = _arithmetic(period)
    assert fast_periods.is_enabled()
    assert fast == stock
    assert all(isinstance(value, (Period, Instant, list)) for value in fast)


def test_subperiods_are_a_new_list_each_time():
    year = periods.period("2025")
    months = year.get_subperiods(DateUnit.MONTH)
    months.clear()
    assert len(year.get_subperiods(DateUnit.MONTH)) == 12


@pytest.mark.parametrize("name", sorted(fast_simulation.GUARDED_PRODUCTS))
def test_guarded_products_describe_the_formulas_openfisca_france_runs(name, openfisca_system):
    """A new OpenFisca-France that rewrote one of these formulas fails here (the guard would silently be
    off, and the screening slower), and must be read again before its fingerprint is updated."""
    variable = openfisca_system.variables[name]
    formula = variable.get_formula(periods.period(PERIOD))
    guard, _fingerprint = fast_simulation.GUARDED_PRODUCTS[name]
    assert fast_simulation._guarded_by(variable, formula) == guard
    assert variable.default_value == 0  # what the skipped formula returns instead
    assert openfisca_system.variables[guard].value_type is bool or guard == "eligibilite_caah"


def test_a_formula_with_other_code_is_not_guarded(openfisca_system):
    caah = openfisca_system.variables["caah"]
    older = caah.formulas["2015-07-01"]  # max_(complement_ressources_aah, mva) * eligibilite_caah
    assert fast_simulation._guarded_by(caah, older) is None
    assert fast_simulation._guarded_by(openfisca_system.variables["rsa"], caah.get_formula(PERIOD)) is None


@pytest.fixture
def formula_runs(monkeypatch):
    """The names of the variables whose formula ran (FastSimulation._run_formula), in order."""
    ran = []
    stock = FastSimulation._run_formula

    def recording(self, variable, population, period):
        ran.append(variable.name)
        return stock(self, variable, population, period)

    monkeypatch.setattr(FastSimulation, "_run_formula", recording)
    return ran


def test_the_guard_skips_the_rest_of_the_formula_only_when_false_for_everyone(openfisca_system, formula_runs):
    month = periods.period(PERIOD)
    # Nobody disabled: caah and aah_base are zero without running mva or the AAH's resources.
    simulation, _ = build_prefilled_simulation(
        [_household(salaire_net_mensuel=Decimal(900))], PERIOD, ["rsa"]
    )
    assert simulation.calculate("caah", month).tolist() == [0]
    assert simulation.calculate("aah_base", month).tolist() == [0]
    assert "mva" not in formula_runs
    assert "aah_base_ressources_deconjugalisee" not in formula_runs
    # One person eligible in the simulation: the whole formula runs, for everyone.
    formula_runs.clear()
    disabled = VARIED_HOUSEHOLDS["disabled_80_no_income"]
    simulation, _ = build_prefilled_simulation([_household(), disabled], PERIOD, ["rsa"])
    assert simulation.calculate("aah_base", month)[1] > 0
    assert simulation.calculate("caah", month)[1] > 0
    assert {"mva", "aah_base_ressources_deconjugalisee"} <= set(formula_runs)


def test_a_web_process_warms_up_the_engine_in_a_background_thread(openfisca_system):
    import gc

    from guichet.screening.engine.warm import warm_up_in_background

    thread = warm_up_in_background(PERIOD)
    thread.join(timeout=300)
    assert not thread.is_alive()
    assert gc.get_freeze_count() > 100_000  # the system's objects are out of the collector's way


def test_a_failed_warm_up_is_logged_and_the_process_goes_on(monkeypatch, caplog):
    from guichet.screening.engine import warm

    def broken(period=None):
        raise OSError("disque plein")

    monkeypatch.setattr(warm, "warm_up", broken)
    warm.warm_up_in_background().join(timeout=10)
    assert "Préchauffage d'OpenFisca-France en échec" in caplog.text


def test_the_wsgi_application_warms_up_only_when_configured(settings, monkeypatch):
    import importlib

    import guichet.wsgi
    from guichet.screening.engine import warm

    started = []
    monkeypatch.setattr(warm, "warm_up_in_background", lambda: started.append(True))
    settings.SCREENING_WARM_UP_AT_START = False
    importlib.reload(guichet.wsgi)
    assert started == []
    settings.SCREENING_WARM_UP_AT_START = True
    importlib.reload(guichet.wsgi)
    assert started == [True]
