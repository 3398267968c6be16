"""The OpenFisca-France system is loaded once per test session (the engine's own warm-up), by the tests
that compute amounts; import `warm_engine` into a test module to use it."""

import pytest


@pytest.fixture(scope="session")
def warm_engine():
    from guichet.screening.engine import warm_up

    warm_up()
