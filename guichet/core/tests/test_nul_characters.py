"""U+0000 cannot be stored by PostgreSQL: it is refused with a French 4xx, never a server error."""

import pytest

from guichet.accounts.services import create_api_token
from guichet.procedures.tests.factories import published_procedure

pytestmark = pytest.mark.django_db


def test_a_form_value_with_a_nul_character_is_refused_in_french(client):
    published_procedure(slug="aide-nul")
    started = client.post("/demarches/aide-nul/commencer/")
    section = started["Location"].replace("/commence/", "/etape/identite/")
    response = client.post(section, {"nom": "Camille\x00Durand", "action": "save"})
    assert response.status_code == 400
    assert "Le caractère nul (U+0000) n&#x27;est pas accepté" in response.content.decode()


def test_an_api_body_with_a_nul_character_is_refused_with_the_error_body(client):
    procedure = published_procedure(slug="aide-nul-api")
    _token, key = create_api_token(organisation=procedure.organisation, label="Test")
    payload = {"demarche": "aide-nul-api", "canal": "counter", "contact": {"nom": "Camille\x00"}}
    response = client.post(
        "/api/v1/dossiers",
        payload,
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 422, response.content.decode()
    assert "U+0000" in response.json()["erreur"]["message"]


def test_a_query_string_with_a_nul_character_is_refused(client):
    response = client.get("/demarches/", {"q": "a\x00b"})
    assert response.status_code == 400
