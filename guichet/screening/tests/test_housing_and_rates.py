"""The answers people give (issue 22, point 4): social housing, foyers, buying one's home; a rate that is a
percentage; OpenFisca-France's own benefit names."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from guichet.screening.benefits import BENEFITS
from guichet.screening.engine.compute import compute_households
from guichet.screening.engine.reference import plain_results
from guichet.screening.household import HouseholdError, parse_household_dict
from guichet.screening.tests.households import PERIOD, VARIED_HOUSEHOLDS, our_value

PAIR = ["social_housing_tenant", "private_tenant_same_rent", "foyer_young_worker", "buying_with_a_loan"]


def test_an_hlm_and_a_private_tenant_with_the_same_rent_get_what_plain_openfisca_gives_each(openfisca_system):
    households = [VARIED_HOUSEHOLDS[name] for name in PAIR]
    plain = plain_results(openfisca_system, households, PERIOD)
    ours = compute_households(households, PERIOD, list(BENEFITS))
    for code in BENEFITS:
        for index, name in enumerate(PAIR):
            assert our_value(ours.benefits[code], code, index) == plain[code][index], (code, name)
    housing = [our_value(ours.benefits["aides_logement"], "aides_logement", i) for i in range(len(PAIR))]
    assert housing[0] > 0 and housing[1] > 0  # both get a housing benefit, each as OpenFisca computes it


@pytest.mark.parametrize("rate", ["0.8", "0,5", "0.99"])
def test_a_rate_written_as_a_fraction_is_refused_with_the_way_to_write_it(rate):
    with pytest.raises(HouseholdError) as refused:
        parse_household_dict(
            {
                "depcom": "75056",
                "personnes": [
                    {"role": "demandeur", "date_naissance": "1980-01-01", "aah_taux_incapacite": rate}
                ],
            }
        )
    assert any("indiquez un pourcentage : 80 pour 80 %" in e for e in refused.value.errors)


def test_the_questionnaire_refuses_a_fraction_too():
    from guichet.screening.forms_questionnaire import DisabilityField

    field = DisabilityField()
    with pytest.raises(Exception, match="pourcentage : 80 pour 80 %"):
        field.clean("0.8")
    assert field.clean("80") == 80 and field.clean("") is None


def test_a_caseload_with_a_fraction_rate_an_hlm_and_a_foyer_tenant(tmp_path, openfisca_system):
    source = tmp_path / "foyers.csv"
    source.write_text(
        "household_id;role;date_naissance;salaire_net_mensuel;aah_taux_incapacite;depcom;loyer_mensuel;statut_occupation\n"
        "A;demandeur;1988-02-10;1000;;69123;480;locataire_hlm\n"
        "B;demandeur;2003-05-05;900;;31555;420;locataire_foyer\n"
        "C;demandeur;1980-01-01;0;0.8;75056;500;locataire_vide\n",
        encoding="utf-8",
    )
    out = tmp_path / "resultats.csv"
    stdout = StringIO()
    call_command(
        "screen",
        str(source),
        "--out",
        str(out),
        "--period",
        PERIOD,
        "--benefits",
        "aides_logement,aah",
        stdout=stdout,
    )
    lines = out.read_text().splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ["A", "B"]
    assert all(float(line.split(",")[1]) > 0 for line in lines[1:])
    errors = Path(str(out) + ".errors.csv").read_text(encoding="utf-8").splitlines()
    assert errors[1].startswith("4,C,") and "80 pour 80 %" in errors[1]


def test_openfisca_france_names_are_accepted_as_our_codes():
    from guichet.screening.benefits import parse_benefit_codes

    assert parse_benefit_codes("aide_logement,rsa,aides_logement,cmu_c") == ["aides_logement", "rsa", "css"]
    with pytest.raises(ValueError, match="Prestation inconnue : apl"):
        parse_benefit_codes("apl")


@pytest.mark.django_db
def test_the_api_accepts_openfisca_names_for_benefits(client, openfisca_system):
    from guichet.accounts.services import create_api_token
    from guichet.accounts.tests.factories import OrganisationFactory
    from guichet.screening.api import HOUSEHOLD_EXAMPLE

    _token, key = create_api_token(organisation=OrganisationFactory(), label="Logiciel")
    response = client.post(
        "/api/v1/screening",
        {**HOUSEHOLD_EXAMPLE, "period": PERIOD, "benefits": ["aide_logement"]},
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 200, response.content
    assert [b["code"] for b in response.json()["benefits"]] == ["aides_logement"]
