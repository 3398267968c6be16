import pytest
from django.utils import timezone

from guichet.accounts.services import create_api_token
from guichet.accounts.tests.factories import OrganisationFactory
from guichet.mediation.tests.factories import (
    aidant_of,
    days_ago,
    diagnostic,
    followed_person,
    organisation_of,
    session,
)

pytestmark = pytest.mark.django_db


def _auth(organisation):
    _token, key = create_api_token(organisation=organisation, label="Tableau de bord")
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def organisation():
    aidant = aidant_of(first_name="Moussa", last_name="Diallo")
    organisation = organisation_of(aidant)
    jeanne = followed_person(organisation, first_name="Jeanne", last_name="Leroy")
    session(aidant, jeanne, themes=["logement"], minutes=30, happened_on=days_ago(0))
    session(
        aidant, jeanne, themes=["logement", "argent"], minutes=15, channel="phone", happened_on=days_ago(0)
    )
    diagnostic(aidant, jeanne)
    other = aidant_of()
    session(other, followed_person(organisation_of(other)))
    return organisation


def test_activity_gives_the_organisations_aggregated_figures_without_names(client, organisation):
    today = timezone.localdate().isoformat()
    response = client.get(
        "/api/v1/mediation/activity", {"from": today, "to": today}, headers=_auth(organisation)
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["accompagnements"], body["personnes_aidees"], body["minutes"], body["diagnostics"]) == (
        2,
        1,
        45,
        1,
    )
    assert body["du"] == body["au"] == today
    assert body["par_theme"][0] == {"code": "logement", "libelle": "Logement", "accompagnements": 2}
    assert {c["code"] for c in body["par_canal"]} == {"counter", "phone"}
    assert body["par_mois"] == [
        {"mois": today[:7], "accompagnements": 2, "personnes_aidees": 1, "minutes": 45}
    ]
    assert "Jeanne" not in response.content.decode() and "Moussa" not in response.content.decode()


def test_activity_defaults_to_the_current_month(client, organisation):
    body = client.get("/api/v1/mediation/activity", headers=_auth(organisation)).json()
    assert body["du"] == timezone.localdate().replace(day=1).isoformat()
    assert body["accompagnements"] == 2


def test_another_organisations_token_sees_only_its_own_activity(client, organisation):
    body = client.get("/api/v1/mediation/activity", headers=_auth(OrganisationFactory())).json()
    assert body["accompagnements"] == 0 and body["par_theme"] == []


@pytest.mark.parametrize(
    "params,message",
    [
        ({"from": "2026-02-01", "to": "2026-01-01"}, "La première date doit venir avant la seconde."),
        ({"from": "2020-01-01", "to": "2026-01-01"}, "Choisissez une période de trois ans au plus."),
    ],
)
def test_a_wrong_period_gets_the_common_error_body_in_french(client, organisation, params, message):
    response = client.get("/api/v1/mediation/activity", params, headers=_auth(organisation))
    assert response.status_code == 422
    assert response.json()["erreur"]["message"] == message


def test_a_malformed_date_is_a_validation_error(client, organisation):
    response = client.get("/api/v1/mediation/activity", {"from": "hier"}, headers=_auth(organisation))
    assert response.status_code == 422
    assert response.json()["erreur"]["code"] == "donnees_invalides"


def test_activity_is_documented_in_openapi(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/mediation/activity"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"from", "to"}
    assert "Médiation" in operation["tags"]
    assert "ActivityOut" in schema["components"]["schemas"]


def test_activity_requires_a_token(client):
    assert client.get("/api/v1/mediation/activity").status_code == 401
