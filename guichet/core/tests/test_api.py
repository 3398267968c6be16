import pytest

from guichet.accounts.services import create_api_token, revoke_api_token
from guichet.accounts.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def token():
    organisation = OrganisationFactory(name="CCAS de Test")
    api_token, key = create_api_token(organisation=organisation, label="Logiciel métier")
    return api_token, key


def test_openapi_document_is_published(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "API Guichet"
    assert "/api/v1/organisation" in document["paths"]
    assert (
        "BearerAuth" in str(document["components"]["securitySchemes"])
        or document["components"]["securitySchemes"]
    )


def test_missing_token_gets_a_401_with_the_common_error_body(client):
    response = client.get("/api/v1/organisation")
    assert response.status_code == 401
    body = response.json()
    assert body["erreur"]["code"] == "authentification_requise"
    assert "Bearer" in body["erreur"]["message"]


def test_valid_token_identifies_its_organisation(client, token):
    api_token, key = token
    response = client.get("/api/v1/organisation", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert response.json()["nom"] == "CCAS de Test"
    api_token.refresh_from_db()
    assert api_token.last_used_at is not None


def test_revoked_token_is_refused_at_once(client, token):
    api_token, key = token
    revoke_api_token(token=api_token)
    response = client.get("/api/v1/organisation", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 401


def test_wrong_token_is_refused(client, token):
    response = client.get("/api/v1/organisation", headers={"Authorization": "Bearer gui_nimportequoi"})
    assert response.status_code == 401


def test_channels_endpoint_returns_the_shared_vocabulary(client, token):
    _, key = token
    response = client.get("/api/v1/canaux", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200
    assert [c["code"] for c in response.json()] == ["online", "counter", "phone", "mail", "aidant"]


def test_unknown_route_gets_the_common_error_body(client, token):
    _, key = token
    response = client.get("/api/v1/inexistant", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 404


def test_health_endpoint_needs_no_token(client):
    assert client.get("/api/v1/sante").json() == {"etat": "ok"}


def test_interactive_docs_are_served_from_our_own_static_files(client):
    content = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in content
    assert "cdn" not in content.lower()
