import datetime
import uuid

import pytest
from django.utils import timezone

from guichet.accounts.services import create_api_token
from guichet.accounts.tests.factories import OrganisationFactory, UserFactory
from guichet.mandates.tests.factories import MandateFactory

pytestmark = pytest.mark.django_db


def _headers(organisation):
    _token, key = create_api_token(organisation=organisation, label="Logiciel")
    return {"Authorization": f"Bearer {key}"}


def test_an_organisation_reads_only_its_own_mandates(client, mandate):
    MandateFactory()
    response = client.get("/api/v1/mandats", headers=_headers(mandate.organisation))
    assert response.status_code == 200
    assert [m["numero"] for m in response.json()] == [mandate.reference]
    assert response.json()[0]["etat"] == "actif"


def test_verify_says_valid_for_the_right_person_and_a_covered_procedure(client, mandate, procedure):
    url = f"/api/v1/mandats/{mandate.pk}/verification?usager={mandate.usager_id}&demarche={procedure.slug}"
    body = client.get(url, headers=_headers(OrganisationFactory())).json()
    assert body["valide"] is True and body["numero"] == mandate.reference


def test_verify_gives_the_reason_when_it_is_not_valid(client, mandate, procedure):
    headers = _headers(OrganisationFactory())
    other = client.get(
        f"/api/v1/mandats/{mandate.pk}/verification?usager={UserFactory().pk}", headers=headers
    )
    missing = client.get(
        f"/api/v1/mandats/{uuid.uuid4()}/verification?usager={UserFactory().pk}", headers=headers
    )
    # Another person's mandate answers exactly as a missing one: no number, organisation nor end date.
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json()
    assert mandate.reference not in other.content.decode()
    type(mandate).objects.filter(pk=mandate.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    expired = client.get(
        f"/api/v1/mandats/{mandate.pk}/verification?usager={mandate.usager_id}", headers=headers
    )
    assert expired.json()["valide"] is False and expired.json()["motif"] == "expire"


def test_verify_refuses_an_out_of_scope_procedure(client, organisation, usager):
    from guichet.procedures.tests.factories import published_procedure

    mandate = MandateFactory(organisation=organisation, usager=usager, categories=["logement"])
    procedure = published_procedure()
    url = f"/api/v1/mandats/{mandate.pk}/verification?usager={usager.pk}&demarche={procedure.slug}"
    assert client.get(url, headers=_headers(organisation)).json()["motif"] == "hors_champ"


def test_verify_an_unknown_mandate_is_404(client, db):
    import uuid

    url = f"/api/v1/mandats/{uuid.uuid4()}/verification?usager={uuid.uuid4()}"
    assert client.get(url, headers=_headers(OrganisationFactory())).status_code == 404
