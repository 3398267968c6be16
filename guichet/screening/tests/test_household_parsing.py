import datetime
from decimal import Decimal

import pytest

from guichet.screening.household import Household, HouseholdError, Person, parse_household_dict


def test_parses_the_documented_json_format():
    household = parse_household_dict(
        {
            "depcom": "75056",
            "loyer_mensuel": 650,
            "statut_occupation": "locataire_vide",
            "personnes": [
                {"role": "demandeur", "date_naissance": "1985-04-12", "salaire_net_mensuel": "1200,50"},
                {"role": "enfant", "date_naissance": "12/06/2015", "scolarite": "college"},
            ],
        }
    )
    assert household.loyer_mensuel == Decimal("650.00")
    assert household.demandeur.salaire_net_mensuel == Decimal("1200.50")
    assert household.persons[1].date_naissance == datetime.date(2015, 6, 12)
    assert household.persons[1].scolarite == "college"


def test_last_years_salary_defaults_to_the_recent_monthly_salary():
    person = Person(
        role="demandeur", date_naissance=datetime.date(1990, 1, 1), salaire_net_mensuel=Decimal(1000)
    )
    assert person.salaire_net_mensuel_n1 == Decimal(1000)
    other = Person(
        role="demandeur", date_naissance=datetime.date(1990, 1, 1), salaire_net_annuel_n1=Decimal(6000)
    )
    assert other.salaire_net_mensuel_n1 == Decimal(500)


def test_every_wrong_field_is_named_in_french():
    with pytest.raises(HouseholdError) as caught:
        parse_household_dict(
            {
                "depcom": "7505",
                "personnes": [
                    {"role": "demandeur", "date_naissance": "hier", "salaire_net_mensuel": "beaucoup"},
                    {"role": "chat", "date_naissance": "2000-01-01", "aah_taux_incapacite": "150"},
                ],
            }
        )
    text = " ".join(caught.value.errors)
    assert "date_naissance" in text
    assert "salaire_net_mensuel" in text
    assert "personnes[2].role" in text
    assert "aah_taux_incapacite" in text


def test_a_household_needs_exactly_one_demandeur_and_a_commune_code():
    child = Person(role="enfant", date_naissance=datetime.date(2015, 1, 1))
    with pytest.raises(HouseholdError) as caught:
        Household(persons=(child,), depcom="abc")
    assert any("demandeur" in message for message in caught.value.errors)
    assert any("depcom" in message for message in caught.value.errors)


def test_four_digit_commune_codes_get_their_leading_zero_back():
    household = parse_household_dict(
        {"depcom": "1053", "personnes": [{"role": "demandeur", "date_naissance": "1970-01-01"}]}
    )
    assert household.depcom == "01053"
