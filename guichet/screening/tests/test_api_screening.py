"""POST /api/v1/screening: our household format or a native OpenFisca situation, by organisation token."""

import pytest

from guichet.accounts.services import create_api_token
from guichet.accounts.tests.factories import OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("openfisca_system")]

HOUSEHOLD = {
    "depcom": "47323",
    "loyer_mensuel": "450",
    "statut_occupation": "locataire_vide",
    "period": "2026-01",
    "personnes": [
        {"role": "demandeur", "date_naissance": "1990-03-14", "chomage_net_mensuel": 500},
        {"role": "enfant", "date_naissance": "2016-09-01"},
    ],
}
SITUATION = {
    "period": "2026-01",
    "benefits": ["rsa", "aah"],
    "openfisca_situation": {
        "individus": {"parent": {"date_naissance": {"ETERNITY": "1990-03-14"}}, "enfant": {}},
        "familles": {"famille_1": {"parents": ["parent"], "enfants": ["enfant"]}},
        "foyers_fiscaux": {"foyer_1": {"declarants": ["parent"], "personnes_a_charge": ["enfant"]}},
        "menages": {"menage_1": {"personne_de_reference": ["parent"], "enfants": ["enfant"]}},
    },
}


@pytest.fixture
def headers(db):
    _token, key = create_api_token(organisation=OrganisationFactory(), label="Logiciel du CCAS")
    return {"Authorization": f"Bearer {key}"}


def post(client, body, headers):
    return client.post("/api/v1/screening", body, content_type="application/json", headers=headers)


def test_our_household_format_gives_amounts_per_benefit_and_the_engine_version(client, headers):
    response = post(client, HOUSEHOLD, headers)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["period"] == "2026-01"
    assert body["openfisca_france_version"].startswith("176.")
    benefits = {b["code"]: b for b in body["benefits"]}
    assert benefits["rsa"]["eligible"] is True and float(benefits["rsa"]["monthly_amount"]) > 0
    assert benefits["rsa"]["entity"] == "famille" and benefits["rsa"]["reasons"]
    assert set(benefits["aah"]["per_entity"]) == {"personne_1", "personne_2"}


def test_only_the_requested_benefits_are_computed(client, headers):
    response = post(client, {**HOUSEHOLD, "benefits": ["rsa", "ppa"]}, headers)
    assert [b["code"] for b in response.json()["benefits"]] == ["rsa", "ppa"]


def test_a_native_openfisca_situation_answers_per_entity_id(client, headers):
    response = post(client, SITUATION, headers)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert set(body["benefits"]) == {"rsa", "aah"}
    assert set(body["benefits"]["rsa"]["per_entity"]) == {"famille_1"}
    assert set(body["benefits"]["aah"]["per_entity"]) == {"parent", "enfant"}
    assert body["moteur"] == "rapide"  # the shape of our own households: the fast engine serves it
    assert body["openfisca_france_version"].startswith("176.")


def test_an_invalid_household_gets_every_french_message_in_the_common_error_shape(client, headers):
    bad = {**HOUSEHOLD, "depcom": "123", "personnes": [{"role": "voisin", "date_naissance": "hier"}]}
    response = post(client, bad, headers)
    assert response.status_code == 422
    error = response.json()["erreur"]
    assert error["code"] == "donnees_invalides"
    assert error["message"] == "Le foyer décrit contient des données invalides."
    messages = " ".join(d["message"] for d in error["details"])
    assert "role" in messages and "date_naissance" in messages


def test_an_unknown_benefit_or_a_bad_period_is_refused_in_french(client, headers):
    response = post(client, {**HOUSEHOLD, "benefits": ["loto"]}, headers)
    assert response.status_code == 422 and "loto" in str(response.json()["erreur"]["details"])
    response = post(client, {**HOUSEHOLD, "period": "janvier"}, headers)
    assert response.status_code == 422 and "AAAA-MM" in response.json()["erreur"]["message"]
    response = post(client, {"openfisca_situation": SITUATION["openfisca_situation"]}, headers)
    assert response.status_code == 422 and "AAAA-MM" in response.json()["erreur"]["message"]


def test_a_situation_openfisca_refuses_is_explained(client, headers):
    response = post(client, {"period": "2026-01", "openfisca_situation": {"individus": "x"}}, headers)
    assert response.status_code == 422
    assert "Situation OpenFisca invalide" in response.json()["erreur"]["details"][0]["message"]


def test_the_api_needs_an_organisation_token(client):
    response = client.post("/api/v1/screening", HOUSEHOLD, content_type="application/json")
    assert response.status_code == 401
    assert response.json()["erreur"]["code"] == "authentification_requise"


def test_the_route_is_documented_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/screening"]["post"]
    assert operation["summary"] == "Simuler les droits d'un foyer (OpenFisca-France)"
    assert "openfisca_situation" in operation["description"]
    examples = operation["requestBody"]["content"]["application/json"]["examples"]
    assert set(examples) == {"foyer", "openfisca"}
    assert operation["security"]
