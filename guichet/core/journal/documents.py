"""Documents anchored in the journal (a receipt's SHA-256 in the entry of the event that issued it).

Core knows no module: a module that keeps such documents registers, when its app is ready, a check that
returns French problems; `verify_journal` runs every registered check after the chain itself.
"""

from collections.abc import Callable

_checks: list[tuple[str, Callable[[], list[str]]]] = []


def register_document_check(name: str, check: Callable[[], list[str]]) -> None:
    if all(existing != name for existing, _check in _checks):
        _checks.append((name, check))


def run_document_checks() -> list[str]:
    problems = []
    for _name, check in _checks:
        problems += check()
    return problems
