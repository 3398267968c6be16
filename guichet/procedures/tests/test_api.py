import pytest

from guichet.accounts.services import create_api_token
from guichet.accounts.tests.factories import OrganisationFactory
from guichet.procedures.models import Dossier
from guichet.procedures.tests.factories import VALID_ANSWERS, published_procedure
from guichet.procedures.tests.test_services import deposited

pytestmark = pytest.mark.django_db


def _auth(organisation):
    _token, key = create_api_token(organisation=organisation, label="Logiciel métier")
    return {"Authorization": f"Bearer {key}"}


PAYLOAD = {
    "canal": "phone",
    "date_reception": "2026-11-20T10:00:00+01:00",
    "contact": {"nom": "Paul Martin", "prevenir_par": "sms", "telephone": "06 12 34 56 78"},
    "reponses": VALID_ANSWERS,
    "deposer": False,
}


def test_an_organisation_records_a_phone_request_through_the_api(client):
    procedure = published_procedure()
    response = client.post(
        "/api/v1/dossiers",
        {**PAYLOAD, "demarche": procedure.slug},
        content_type="application/json",
        headers=_auth(procedure.organisation),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["canal"] == "phone" and body["etat"] == "brouillon" and body["code_suivi"]
    dossier = Dossier.objects.get(pk=body["id"])
    assert dossier.contact_phone == "+33612345678"
    assert dossier.received_at.isoformat().startswith("2026-11-20T09:00")


def test_deposit_through_the_api_reports_what_is_missing_in_french(client):
    procedure = published_procedure()
    response = client.post(
        "/api/v1/dossiers",
        {**PAYLOAD, "demarche": procedure.slug, "deposer": True},
        content_type="application/json",
        headers=_auth(procedure.organisation),
    )
    assert response.status_code == 422
    assert "Pièce d'identité" in response.json()["erreur"]["message"]


def test_invalid_body_gets_the_common_error_body(client):
    procedure = published_procedure()
    response = client.post(
        "/api/v1/dossiers",
        {"demarche": procedure.slug, "canal": "pigeon"},
        content_type="application/json",
        headers=_auth(procedure.organisation),
    )
    assert response.status_code == 422
    assert response.json()["erreur"]["code"] == "donnees_invalides"


def test_another_organisation_cannot_read_or_write_the_dossier(client):
    dossier = deposited()
    other = _auth(OrganisationFactory())
    assert client.get(f"/api/v1/dossiers/{dossier.pk}", headers=other).status_code == 404
    assert client.get(f"/api/v1/dossiers/{dossier.pk}/messages", headers=other).status_code == 404
    response = client.post(
        f"/api/v1/dossiers/{dossier.pk}/messages",
        {"texte": "x"},
        content_type="application/json",
        headers=other,
    )
    assert response.status_code == 404
    assert client.get("/api/v1/dossiers", headers=other).json() == []
    procedure_of_other = client.post(
        "/api/v1/dossiers",
        {**PAYLOAD, "demarche": dossier.procedure.slug},
        content_type="application/json",
        headers=other,
    )
    assert procedure_of_other.status_code == 422


def test_the_organisation_reads_its_dossier_and_writes_to_the_usager(client):
    dossier = deposited()
    headers = _auth(dossier.organisation)
    body = client.get(f"/api/v1/dossiers/{dossier.pk}", headers=headers).json()
    assert body["numero"] == dossier.number and body["etat"] == "depose"
    assert [event["action"] for event in body["historique"]] == ["start", "submit"]
    posted = client.post(
        f"/api/v1/dossiers/{dossier.pk}/messages",
        {"texte": "Merci, pièce bien reçue."},
        content_type="application/json",
        headers=headers,
    )
    assert posted.status_code == 201
    listed = client.get(f"/api/v1/dossiers/{dossier.pk}/messages", headers=headers).json()
    assert listed[0]["texte"] == "Merci, pièce bien reçue."
    assert [d["numero"] for d in client.get("/api/v1/dossiers?etat=depose", headers=headers).json()] == [
        dossier.number
    ]


def test_api_needs_a_token(client):
    assert client.get("/api/v1/dossiers").status_code == 401
