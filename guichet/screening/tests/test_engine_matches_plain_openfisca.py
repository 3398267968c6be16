"""Our engine (vectorised, with household-independent constants prefilled) gives, to the cent, what
plain OpenFisca-France gives for the same situation, on varied households."""

import pytest

from guichet.screening.benefits import BENEFITS
from guichet.screening.engine import screen_household
from guichet.screening.engine.compute import compute_households
from guichet.screening.engine.reference import plain_results
from guichet.screening.tests.households import PERIOD, VARIED_HOUSEHOLDS, our_value

NAMES = list(VARIED_HOUSEHOLDS)
HOUSEHOLDS = list(VARIED_HOUSEHOLDS.values())


@pytest.fixture(scope="module")
def plain(openfisca_system):
    return plain_results(openfisca_system, HOUSEHOLDS, PERIOD)


@pytest.fixture(scope="module")
def ours(openfisca_system):
    return compute_households(HOUSEHOLDS, PERIOD, list(BENEFITS))


def test_there_are_at_least_thirty_varied_households():
    assert len(HOUSEHOLDS) >= 30
    assert len({h.depcom for h in HOUSEHOLDS}) >= 8
    assert {h.statut_occupation for h in HOUSEHOLDS} >= {"locataire_vide", "proprietaire", "locataire_meuble"}


@pytest.mark.parametrize("code", list(BENEFITS))
def test_each_benefit_equals_plain_openfisca_to_the_cent(code, ours, plain):
    mismatches = {
        NAMES[i]: (our_value(ours.benefits[code], code, i), plain[code][i])
        for i in range(len(HOUSEHOLDS))
        if our_value(ours.benefits[code], code, i) != plain[code][i]
    }
    assert mismatches == {}


def test_the_households_exercise_most_benefits(plain):
    paid = {
        code
        for code, values in plain.items()
        if any(v[0] or v[1] if isinstance(v, tuple) else v for v in values)
    }
    assert paid >= {
        "rsa",
        "ppa",
        "aides_logement",
        "aah",
        "aspa",
        "af",
        "asf",
        "cf",
        "paje_base",
        "ars",
        "css",
    }


@pytest.mark.parametrize(
    "name", ["couple_two_children_smic", "disabled_couple_one_working", "retired_low_pension_owner"]
)
def test_one_household_through_the_public_api_matches_plain(name, plain):
    index = NAMES.index(name)
    result = screen_household(VARIED_HOUSEHOLDS[name], period=PERIOD)
    for benefit in result.benefits:
        expected = plain[benefit.code][index]
        if BENEFITS[benefit.code].period_kind == "coverage":
            assert benefit.eligible == (expected[0] or expected[1] > 0)
        elif BENEFITS[benefit.code].is_yearly:
            assert float(benefit.yearly_amount) == expected
        else:
            assert float(benefit.monthly_amount) == expected
        assert benefit.reasons, benefit.code
    assert result.openfisca_france_version.startswith("176.")


def test_a_pension_counts_in_the_aspa_resources(openfisca_system):
    """ASPA reads the gross pension: without it, every retiree was shown the full ASPA."""
    from decimal import Decimal

    from guichet.screening.tests.households import P, _h, d

    def aspa(pension):
        household = _h(
            [P("demandeur", d(1950, 1, 1), retraite_nette_mensuelle=pension)], "47323", 0, "proprietaire"
        )
        result = screen_household(household, period=PERIOD, benefits=["aspa"])
        return next(b for b in result.benefits if b.code == "aspa").monthly_amount

    without, with_pension = aspa(0), aspa(912)
    assert without > Decimal("900")
    assert with_pension < without - Decimal("800")
