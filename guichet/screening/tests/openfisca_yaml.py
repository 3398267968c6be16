"""OpenFisca-France's own YAML tests, run through our native path (`screen_openfisca_situation`).

A YAML test gives an input situation, a period and expected outputs. We keep the tests that expect one of
the benefits we compute, with no reform nor extension, and check our answer, on both engines, within the
test's own error margins (plus half a cent: we answer in cents).

The tests come from OpenFisca-France's repository (`tests/`, AGPL-3.0, as the package): a representative
subset is kept in `openfisca_france_yaml/` for `make test`, and `make fuzz` runs every one of them from the
source distribution of the installed version (OPENFISCA_FRANCE_TESTS, see the Makefile).
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import yaml

from guichet.screening.benefits import BENEFITS

SUBSET_DIR = Path(__file__).parent / "openfisca_france_yaml"
GROUP_PLURALS = {"famille": "familles", "foyer_fiscal": "foyers_fiscaux", "menage": "menages"}
FIRST_ROLE = {"familles": "parents", "foyers_fiscaux": "declarants", "menages": "personne_de_reference"}

# OpenFisca variable -> (our code, what of our answer it is)
CHECKED = {benefit.variable: (code, "amount") for code, benefit in BENEFITS.items()}
CHECKED.update(
    {
        benefit.participation_variable: (code, "participation")
        for code, benefit in BENEFITS.items()
        if benefit.participation_variable
    }
)
CHECKED["cmu_c"] = ("css", "free")


@dataclasses.dataclass
class Check:
    code: str
    part: str  # amount | participation | free
    month: str  # the screening month asked
    entity_id: str | None  # None: every entity of the benefit
    entity_index: int | None
    expected: float
    absolute: float
    relative: float | None


@dataclasses.dataclass
class Case:
    name: str
    situation: dict
    checks: list[Check]

    def months(self) -> list[str]:
        return sorted({check.month for check in self.checks})


def yaml_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.yaml"))


def load_cases(root: Path, paths: list[Path] | None = None) -> tuple[list[Case], dict[str, int]]:
    """(cases we can run, why the others were left: counts), from every file under `root` or `paths`."""
    from guichet.screening.engine.system import tax_benefit_system

    system = tax_benefit_system()
    cases, left = [], {}
    for path in paths if paths is not None else yaml_files(root):
        try:
            documents = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        except (yaml.YAMLError, UnicodeDecodeError):
            left["YAML illisible"] = left.get("YAML illisible", 0) + 1
            continue
        for index, test in enumerate(documents if isinstance(documents, list) else [documents]):
            title = test.get("name", "") if isinstance(test, dict) else ""
            name = f"{path.relative_to(root)}[{index}] {' '.join(str(title).split())}".strip()
            try:
                case = _case(system, name, test)
            except _Left as reason:
                left[str(reason)] = left.get(str(reason), 0) + 1
                continue
            cases.append(case)
    return cases, left


class _Left(Exception):
    pass


def _case(system, name: str, test) -> Case:
    if not isinstance(test, dict) or not isinstance(test.get("output"), dict):
        raise _Left("sans sortie")
    if test.get("reforms") or test.get("extensions") or test.get("max_spiral_loops"):
        raise _Left("réforme, extension ou boucles")
    period = str(test.get("period") or "")
    if not period:
        raise _Left("sans période")
    from openfisca_core.periods import period as make_period

    try:  # as OpenFisca's own runner does: "month:2015-11" is the period 2015-11
        period = str(make_period(period))
    except ValueError as error:
        raise _Left("période illisible") from error
    situation = _situation(system, test.get("input") or {}, period)
    checks = []
    for key, value in test["output"].items():
        if key in system.variables:
            checks += _checks(system, key, value, period, None, test)
        elif key in GROUP_PLURALS.values() or key == "individus":
            for entity_id, variables in (value or {}).items():
                for variable, expected in (variables or {}).items():
                    checks += _checks(system, variable, expected, period, str(entity_id), test)
        elif key in GROUP_PLURALS or key == "individu":
            for variable, expected in (value or {}).items():
                checks += _checks(system, variable, expected, period, None, test)
    if not checks:
        raise _Left("aucune de nos prestations attendue")
    return Case(name=name, situation=situation, checks=checks)


def _situation(system, data: dict, period: str) -> dict:
    """The test's input as a native situation in the entities format, every value on a period."""
    if any(key in data for key in ("individus", *GROUP_PLURALS.values())):
        situation = {}
        for plural, instances in data.items():
            if plural in GROUP_PLURALS:  # a single instance written under the singular (OpenFisca accepts it)
                plural, instances = GROUP_PLURALS[plural], {plural: instances}
            if plural not in ("individus", *GROUP_PLURALS.values()) or not isinstance(instances, dict):
                raise _Left("entrée d'une autre forme")
            situation[plural] = {}
            for instance_id, values in instances.items():
                if values is not None and not isinstance(values, dict):
                    raise _Left("entrée d'une autre forme")
                if any(isinstance(v, list) and not _is_role(k) for k, v in (values or {}).items()):
                    raise _Left("entrée vectorielle")
                situation[plural][str(instance_id)] = {
                    key: value
                    if isinstance(value, dict) or key in FIRST_ROLE.values() or _is_role(key)
                    else {period: value}
                    for key, value in (values or {}).items()
                }
        return situation
    # the flat format: one person, one of each group entity
    situation = {
        "individus": {"individu_1": {}},
        **{plural: {f"{plural}_1": {role: ["individu_1"]}} for plural, role in FIRST_ROLE.items()},
    }
    for variable, value in data.items():
        if variable not in system.variables:
            raise _Left("entrée inconnue")
        if isinstance(value, list):
            raise _Left("entrée vectorielle")
        entity = system.variables[variable].entity.key
        plural = GROUP_PLURALS.get(entity, "individus")
        instance = next(iter(situation[plural].values()))
        instance[variable] = value if isinstance(value, dict) else {period: value}
    return situation


def _is_role(key: str) -> bool:
    return key in {
        "enfants",
        "conjoint",
        "conjoints",
        "personnes_a_charge",
        "autres",
        "parents",
        "declarants",
    }


def _margin(test, key: str, variable: str) -> float | None:
    value = test.get(key)
    if isinstance(value, dict):
        value = value.get(variable, value.get("default"))
    return None if value is None else float(value)


def _checks(system, variable, expected, period, entity_id, test) -> list[Check]:
    if variable not in CHECKED:
        return []
    code, part = CHECKED[variable]
    if isinstance(expected, dict):
        checks = []
        for sub_period, value in expected.items():
            checks += _checks_at(system, variable, code, part, value, str(sub_period), entity_id, test)
        return checks
    return _checks_at(system, variable, code, part, expected, period, entity_id, test)


def _checks_at(system, variable, code, part, expected, period, entity_id, test) -> list[Check]:
    from openfisca_core.periods import period as make_period

    parsed = make_period(period)
    definition = system.variables[variable].definition_period
    if parsed.unit != definition:
        raise _Left("période d'une autre unité que la variable")
    if parsed.size != 1:
        raise _Left("période de plusieurs unités")
    month = f"{parsed.start.year}-{parsed.start.month:02d}"
    values = expected if isinstance(expected, list) else [expected]
    checks = []
    for index, value in enumerate(values):
        if isinstance(value, str):  # "1494.48 / 12": OpenFisca's runner evaluates it the same way
            from openfisca_core.commons import eval_expression

            value = eval_expression(value)
        try:
            number = float(value)
        except (TypeError, ValueError) as error:
            raise _Left("valeur attendue non numérique") from error
        checks.append(
            Check(
                code=code,
                part=part,
                month=month,
                entity_id=entity_id,
                entity_index=index if isinstance(expected, list) else None,
                expected=number,
                absolute=_margin(test, "absolute_error_margin", variable) or 0.0,
                relative=_margin(test, "relative_error_margin", variable),
            )
        )
    return checks


def run_case(case: Case, engine: str) -> tuple[list[str], set[str]]:
    """(French descriptions of the mismatches, the engines that answered) for one case on `engine`."""
    from guichet.screening.engine import screen_openfisca_situation

    failures, engines = [], set()
    for month in case.months():
        checks = [check for check in case.checks if check.month == month]
        answer = screen_openfisca_situation(
            case.situation, period=month, benefits=sorted({c.code for c in checks}), engine=engine
        )
        engines.add(answer["moteur"])
        for check in checks:
            per_entity = answer["benefits"][check.code]["per_entity"]
            if check.entity_id is not None:
                actual = [_value(per_entity[check.entity_id], check.part)]
            elif check.entity_index is not None:
                values = list(per_entity.values())
                if len(values) == 1:  # one entity against a list: numpy broadcasts, as OpenFisca's runner
                    actual = [_value(values[0], check.part)]
                elif check.entity_index >= len(values):
                    failures.append(
                        f"{check.code} {month}: {len(values)} entités, pas {check.entity_index + 1}"
                    )
                    continue
                else:
                    actual = [_value(values[check.entity_index], check.part)]
            else:
                actual = [_value(value, check.part) for value in per_entity.values()]
            for value in actual:
                if not _near(value, check):
                    failures.append(
                        f"{check.code} ({check.part}) {month} {check.entity_id or check.entity_index or ''}: "
                        f"{value} au lieu de {check.expected}"
                    )
    return failures, engines


def _value(entry, part: str) -> float:
    if part == "free":
        return float(entry["gratuite"])
    if part == "participation":
        return float(entry["participation_mensuelle"])
    return float(entry)


def _near(value: float, check: Check) -> bool:
    margin = check.absolute + 0.005 + 1e-9
    if check.relative is not None:
        margin = max(margin, abs(check.expected) * check.relative)
    return math.isfinite(value) and abs(value - check.expected) <= margin
