import pytest


@pytest.fixture(scope="session")
def openfisca_system():
    """The OpenFisca-France tax-benefit system, loaded once for the whole test session."""
    from guichet.screening.engine import tax_benefit_system

    return tax_benefit_system()
