"""OpenFisca-France's own YAML tests for the benefits we compute, through our native path, on both engines.

`make test` runs the subset kept in `openfisca_france_yaml/`; `make fuzz` runs all of them from the source
distribution of the installed OpenFisca-France (OPENFISCA_FRANCE_TESTS points at its `tests/`).
"""

import copy
import os
from pathlib import Path

import pytest

from guichet.screening.tests.openfisca_yaml import SUBSET_DIR, load_cases, run_case, yaml_files

ROOT = Path(os.environ.get("OPENFISCA_FRANCE_TESTS") or SUBSET_DIR)
FILES = yaml_files(ROOT)

pytestmark = pytest.mark.usefixtures("openfisca_system")


def test_the_subset_is_there_and_covers_what_we_compute():
    from guichet.screening.benefits import BENEFITS

    cases, _left = load_cases(SUBSET_DIR)
    codes = {check.code for case in cases for check in case.checks}
    assert len(cases) >= 20
    assert codes >= set(BENEFITS) - {"cheque_energie", "ars", "bourse_lycee"}, sorted(set(BENEFITS) - codes)
    # most are of our households' shape, so that the fast engine is what they check (the others check the
    # fallback to stock OpenFisca)
    from openfisca_core.simulation_builder import SimulationBuilder

    from guichet.screening.engine.native import uncovered_shape
    from guichet.screening.engine.system import tax_benefit_system

    fast = [
        case
        for case in cases
        if uncovered_shape(
            SimulationBuilder().build_from_entities(tax_benefit_system(), copy.deepcopy(case.situation)),
            case.months()[0],
        )
        is None
    ]
    assert len(fast) >= 2 * len(cases) / 3 and len(fast) < len(cases)


@pytest.mark.parametrize("path", FILES, ids=[str(path.relative_to(ROOT)) for path in FILES])
def test_openfisca_france_yaml_file(path):
    cases, _left = load_cases(ROOT, [path])
    failures = []
    for case in cases:
        for engine in ("openfisca", "auto"):
            wrong, _used = run_case(case, engine)
            failures += [f"{case.name} [{engine}] {message}" for message in wrong]
    assert not failures, "\n".join(failures)
