"""Imports run one way (issue 22, point 7): no circle anywhere, and the contracts of pyproject.toml kept."""

import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import grimp

from guichet.screening.engine import CHECKED_OPENFISCA_CORE

REPO = Path(__file__).resolve().parents[3]


def _cycles(graph) -> list[list[str]]:
    """Strongly connected components of more than one module (tests and migrations apart)."""
    modules = [m for m in graph.modules if ".tests" not in m and ".migrations" not in m]
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(module):
        index[module] = low[module] = counter[0]
        counter[0] += 1
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if ".tests" in imported or ".migrations" in imported:
                continue
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for module in modules:
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_in_a_circle():
    graph = grimp.build_graph("guichet", include_external_packages=False)
    cycles = _cycles(graph)
    assert cycles == [], f"Imports en cercle (faites-les aller dans un seul sens) : {cycles}"


def test_the_import_contracts_of_pyproject_are_kept():
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports"))],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def test_the_fast_engine_was_checked_against_the_installed_openfisca_core():
    installed = version("openfisca-core")
    assert installed == CHECKED_OPENFISCA_CORE, (
        f"The fast engine was checked against openfisca-core {CHECKED_OPENFISCA_CORE}; {installed} is "
        "installed. Run the upgrade checklist in docs/simulation-droits.md (« Monter de version "
        "openfisca-core ») before changing CHECKED_OPENFISCA_CORE in guichet/screening/engine/__init__.py."
    )
