"""From households to OpenFisca-France inputs: one function says which variable gets which value on
which month, and both the vectorised simulation (`build_simulation`, the engine) and the plain
situation dict (`household_situation`, for the native API and the comparison with plain OpenFisca) use it.

Months set: from January of year N-2 (OpenFisca-France reads N-2 for the fiscal resources of prestations
familiales, aides au logement, bourses…) to December of the screening year (yearly benefits).
The 3 months before the screening month and the months from the screening month on get the recent
monthly amounts; the older months get last year's monthly average (`salaire_net_annuel_n1 / 12`; chômage
and retraite are asked only monthly). Because every month that a formula sums over reference years is an
input, OpenFisca answers those sums from inputs instead of running the payroll formulas for each month.

Taxable amounts (`*_imposable`) are taken equal to the net amounts declared: the questionnaire asks net
amounts, as a person reads them on a pay slip or a statement.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import numpy as np
from openfisca_core.periods import period as make_period

from guichet.screening.household import Household

# Our housing statuses -> OpenFisca-France's StatutOccupationLogement members.
STATUT_OCCUPATION = {
    "locataire_vide": "locataire_vide",
    "locataire_meuble": "locataire_meuble",
    "locataire_hlm": "locataire_hlm",
    "locataire_foyer": "locataire_foyer",
    "accedant": "primo_accedant",  # the loan's monthly repayment goes where the rent goes (`loyer`)
    "proprietaire": "proprietaire",
    "heberge_gratuit": "loge_gratuitement",
    "sans_domicile": "sans_domicile",
}
SCOLARITE = {"": "inconnue", "college": "college", "lycee": "lycee"}
FAMILLE_ROLE = {"demandeur": "demandeur", "conjoint": "conjoint", "enfant": "enfant", "autre": "demandeur"}
FOYER_ROLE = {
    "demandeur": "declarant_principal",
    "conjoint": "conjoint",
    "enfant": "personne_a_charge",
    "autre": "declarant_principal",
}
MENAGE_ROLE = {
    "demandeur": "personne_de_reference",
    "conjoint": "conjoint",
    "enfant": "enfant",
    "autre": "autre",
}


def default_period() -> str:
    return datetime.date.today().strftime("%Y-%m")


def months(period: str) -> tuple[list[str], list[str]]:
    """(recent months, older months) set as inputs for a screening on `period` ("YYYY-MM")."""
    month = make_period(period)
    first = make_period(f"{month.start.year - 2}-01")
    last = make_period(f"{month.start.year}-12")
    recent_start = month.offset(-3)
    recent, older = [], []
    current = first
    while current.start <= last.start:
        (recent if current.start >= recent_start.start else older).append(str(current))
        current = current.offset(1)
    return recent, older


def _person_values(persons) -> dict[str, tuple[list, list]]:
    """variable -> (recent values, older values), one value per person, in order."""
    recent_salary = [float(p.salaire_net_mensuel) for p in persons]
    older_salary = [float(p.salaire_net_mensuel_n1) for p in persons]
    chomage = [float(p.chomage_net_mensuel) for p in persons]
    retraite = [float(p.retraite_nette_mensuelle) for p in persons]
    taux = [p.aah_taux_incapacite / 100 for p in persons]
    handicap = [p.aah_taux_incapacite > 0 for p in persons]
    etudiant = [p.etudiant for p in persons]
    scolarite = [SCOLARITE[p.scolarite] for p in persons]
    return {
        "salaire_net": (recent_salary, older_salary),
        "salaire_imposable": (recent_salary, older_salary),
        "chomage_net": (chomage, chomage),
        "chomage_imposable": (chomage, chomage),
        "retraite_nette": (retraite, retraite),
        "retraite_imposable": (retraite, retraite),
        # ASPA and ASI count the gross pension (`retraite_brute`, an input without a formula in
        # OpenFisca-France); people know their net pension, taken as the gross: a slight overestimate.
        "retraite_brute": (retraite, retraite),
        "taux_incapacite": (taux, taux),
        "handicap": (handicap, handicap),
        "etudiant": (etudiant, etudiant),
        "scolarite": (scolarite, scolarite),
    }


def _menage_values(households) -> dict[str, list]:
    return {
        "depcom": [h.depcom for h in households],
        "loyer": [float(h.loyer_mensuel) for h in households],
        "statut_occupation_logement": [STATUT_OCCUPATION[h.statut_occupation] for h in households],
    }


class Layout:
    """Where each household's persons and entities sit in the flat arrays of one simulation."""

    def __init__(self, households: Sequence[Household]):
        self.households = households
        self.persons = []
        self.person_household = []
        self.famille_of_person, self.foyer_of_person = [], []
        self.famille_role, self.foyer_role, self.menage_role = [], [], []
        self.main_famille = []  # the demandeur's famille index, per household
        famille = 0
        for index, household in enumerate(households):
            main = famille
            famille += 1
            self.main_famille.append(main)
            for person in household.persons:
                if person.role == "autre":
                    own = famille
                    famille += 1
                else:
                    own = main
                self.persons.append(person)
                self.person_household.append(index)
                self.famille_of_person.append(own)
                self.foyer_of_person.append(own)
                self.famille_role.append(FAMILLE_ROLE[person.role])
                self.foyer_role.append(FOYER_ROLE[person.role])
                self.menage_role.append(MENAGE_ROLE[person.role])
        self.famille_count = famille
        self.person_household = np.array(self.person_household, dtype=np.int64)
        self.main_famille = np.array(self.main_famille, dtype=np.int64)


INPUT_VARIABLES_BY_MONTH = (
    "salaire_net",
    "salaire_imposable",
    "chomage_net",
    "chomage_imposable",
    "retraite_nette",
    "retraite_imposable",
    "retraite_brute",
    "taux_incapacite",
    "handicap",
    "etudiant",
    "scolarite",
    "depcom",
    "loyer",
    "statut_occupation_logement",
)


def input_keys(period: str) -> set[tuple[str, str]]:
    """Every (variable, period) this module sets as an input for a screening on `period`."""
    recent, older = months(period)
    keys = {(name, month) for name in INPUT_VARIABLES_BY_MONTH for month in recent + older}
    keys.add(("date_naissance", str(make_period("ETERNITY"))))
    return keys


def period_for_variable(simulation, variable: str, month: str) -> str:
    """The month, or its year for a yearly variable."""
    from openfisca_core.periods import DateUnit

    definition = simulation.tax_benefit_system.variables[variable].definition_period
    return month[:4] if definition == DateUnit.YEAR else month


def build_simulation(households: Sequence[Household], period: str, *, fast: bool = False):
    """One vectorised simulation for all `households` (SimulationBuilder's vectorial API), plain inputs.

    `fast`: cheaper repeated reads (fast_simulation.py); off for plain OpenFisca (the reference of the
    tests and benchmarks, and the traced simulation of the plan). The household-independent constants
    are set by prefill.build_prefilled_simulation, one layer above.
    """
    from openfisca_core.simulation_builder import SimulationBuilder

    from guichet.screening.engine.system import tax_benefit_system

    system = tax_benefit_system()
    layout = Layout(households)
    builder = SimulationBuilder()
    builder.create_entities(system)
    builder.declare_person_entity("individu", np.arange(len(layout.persons)))
    famille_ids = np.arange(layout.famille_count)
    familles = builder.declare_entity("famille", famille_ids)
    builder.join_with_persons(familles, layout.famille_of_person, layout.famille_role)
    foyers = builder.declare_entity("foyer_fiscal", famille_ids)
    builder.join_with_persons(foyers, layout.foyer_of_person, layout.foyer_role)
    menages = builder.declare_entity("menage", np.arange(len(households)))
    builder.join_with_persons(menages, layout.person_household, layout.menage_role)
    simulation = builder.build(system)
    set_months = _stock_set_months
    if fast:
        from guichet.screening.engine.fast_simulation import speed_up

        speed_up(simulation)
        set_months = _set_months

    recent, older = _month_periods(period)
    simulation.set_input(
        "date_naissance",
        "ETERNITY",
        np.array([p.date_naissance for p in layout.persons], dtype="datetime64[D]"),
    )
    for variable, (recent_values, older_values) in _person_values(layout.persons).items():
        set_months(simulation, variable, recent, _array(recent_values))
        set_months(simulation, variable, older, _array(older_values))
    for variable, values in _menage_values(households).items():
        set_months(simulation, variable, recent + older, _array(values))
    return simulation, layout


def _array(values: list):
    return np.array(values)


_month_periods_cache: dict[str, tuple] = {}


def _month_periods(period: str) -> tuple[list, list]:
    """`months(period)` as parsed periods (parsed once per screening month)."""
    cached = _month_periods_cache.get(period)
    if cached is None:
        recent, older = months(period)
        cached = _month_periods_cache[period] = (
            [make_period(m) for m in recent],
            [make_period(m) for m in older],
        )
    return list(cached[0]), list(cached[1])


def _stock_set_months(simulation, variable_name: str, month_periods: list, array) -> None:
    """Plain OpenFisca (the reference of the benchmarks): set_input for each month."""
    for month in month_periods:
        simulation.set_input(variable_name, month, array)


def _set_months(simulation, variable_name: str, month_periods: list, array) -> None:
    """`simulation.set_input(variable_name, month, array)` for every month, with what set_input checks
    and converts done once: the first month goes through set_input, and the others then store what
    set_input stores for the same array (the array itself when it has the variable's dtype, as here;
    an encoded copy per month for an enumeration). Any variable set_input would treat otherwise (not a
    monthly variable, stored on disk, with an end date, neutralised) goes through set_input every month."""
    from openfisca_core.indexed_enums import Enum
    from openfisca_core.periods import DateUnit

    if not month_periods:
        return
    variable = simulation.tax_benefit_system.variables[variable_name]
    holder = simulation.get_holder(variable_name)
    if variable.value_type != Enum and array.dtype != variable.dtype:
        array = array.astype(variable.dtype)
    first, *others = month_periods
    simulation.set_input(variable_name, first, array)
    arrays = holder._memory_storage._arrays
    stored = arrays.get(first)
    if (
        stored is None
        or variable.definition_period != DateUnit.MONTH
        or variable.end is not None
        or variable.is_neutralized
        or holder._on_disk_storable
    ):
        for month in others:
            simulation.set_input(variable_name, month, array)
        return
    for month in others:
        arrays[month] = stored.copy() if variable.value_type == Enum else stored


def household_situation(household: Household, period: str) -> dict:
    """The same inputs as `build_simulation`, as a plain OpenFisca situation dict (ids personne_1…)."""
    recent, older = months(period)
    ids = [f"personne_{index}" for index in range(1, len(household.persons) + 1)]
    individus = {
        pid: {"date_naissance": {"ETERNITY": person.date_naissance.isoformat()}}
        for pid, person in zip(ids, household.persons, strict=True)
    }
    for variable, (recent_values, older_values) in _person_values(household.persons).items():
        for index, pid in enumerate(ids):
            values = {month: recent_values[index] for month in recent}
            values.update({month: older_values[index] for month in older})
            individus[pid][variable] = values
    menage = {"personne_de_reference": [], "conjoint": [], "enfants": [], "autres": []}
    famille = {"parents": [], "enfants": []}
    foyer = {"declarants": [], "personnes_a_charge": []}
    familles = {"famille_1": famille}
    foyers = {"foyer_fiscal_1": foyer}
    for pid, person in zip(ids, household.persons, strict=True):
        role = person.role
        if role == "autre":
            familles[f"famille_{pid}"] = {"parents": [pid]}
            foyers[f"foyer_fiscal_{pid}"] = {"declarants": [pid]}
            menage["autres"].append(pid)
            continue
        famille["parents" if role in ("demandeur", "conjoint") else "enfants"].append(pid)
        foyer["declarants" if role in ("demandeur", "conjoint") else "personnes_a_charge"].append(pid)
        menage[
            {"demandeur": "personne_de_reference", "conjoint": "conjoint", "enfant": "enfants"}[role]
        ].append(pid)
    # demandeur first among parents and declarants, as the vectorised layout does
    demandeur_id = ids[[p.role for p in household.persons].index("demandeur")]
    for group in (famille["parents"], foyer["declarants"]):
        group.sort(key=lambda pid: pid != demandeur_id)
    for variable, values in _menage_values([household]).items():
        menage[variable] = {month: values[0] for month in recent + older}
    return {
        "individus": individus,
        "familles": familles,
        "foyers_fiscaux": foyers,
        "menages": {"menage_1": {key: value for key, value in menage.items() if value != []}},
    }
