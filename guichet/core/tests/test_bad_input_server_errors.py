"""Bad input that used to give a server error now gets a 4xx with a French message (issue 21, finding 12).

Run on SQLite and on PostgreSQL (CI): a name over the column's length only failed on PostgreSQL.
"""

import pytest

from guichet.accounts.models import Role
from guichet.accounts.services import create_api_token
from guichet.accounts.tests.factories import member
from guichet.procedures.models import Dossier
from guichet.procedures.tests.factories import VALID_ANSWERS, published_procedure
from guichet.screening.api import HOUSEHOLD_EXAMPLE, SITUATION_EXAMPLE

pytestmark = pytest.mark.django_db


def _auth(organisation):
    _token, key = create_api_token(organisation=organisation, label="Logiciel métier")
    return {"Authorization": f"Bearer {key}"}


def _payload(procedure, **overrides):
    return {
        "demarche": procedure.slug,
        "canal": "phone",
        "date_reception": "2026-11-20T10:00:00+01:00",
        "contact": {"nom": "Paul Martin", "prevenir_par": "none"},
        "reponses": VALID_ANSWERS,
        "deposer": False,
        **overrides,
    }


def test_an_unknown_procedure_filter_in_the_queue_is_refused_in_french(client, login_with_2fa):
    login_with_2fa(client, member(Role.AGENT))
    for query in ("demarche=abc", "etat=nimporte", "canal=pigeon", "onglet=lui", "q=" + "x" * 80):
        response = client.get(f"/instruction/?{query}")
        assert response.status_code == 400, query
        assert "Ces filtres ne peuvent pas être appliqués" in response.content.decode()


def test_a_date_of_receipt_without_time_zone_is_refused_in_french(client):
    procedure = published_procedure()
    response = client.post(
        "/api/v1/dossiers",
        _payload(procedure, date_reception="2026-11-20T10:00:00"),
        content_type="application/json",
        headers=_auth(procedure.organisation),
    )
    assert response.status_code == 422
    assert "fuseau horaire" in response.json()["erreur"]["message"]
    assert not Dossier.objects.exists()


def test_a_contact_name_longer_than_its_column_is_refused_in_french(client):
    procedure = published_procedure()
    response = client.post(
        "/api/v1/dossiers",
        _payload(procedure, contact={"nom": "N" * 500, "prevenir_par": "none"}),
        content_type="application/json",
        headers=_auth(procedure.organisation),
    )
    assert response.status_code == 422
    assert "trop long" in response.json()["erreur"]["message"]


@pytest.mark.parametrize("period", ["1900-01", "2005-06", "2099-01"])
def test_a_screening_period_without_rules_is_refused_in_french(client, period):
    organisation = published_procedure().organisation
    response = client.post(
        "/api/v1/screening",
        {**HOUSEHOLD_EXAMPLE, "period": period},
        content_type="application/json",
        headers=_auth(organisation),
    )
    assert response.status_code == 422
    assert "Choisissez un mois entre 2017-01" in response.json()["erreur"]["message"]
    native = client.post(
        "/api/v1/screening",
        {**SITUATION_EXAMPLE, "period": period},
        content_type="application/json",
        headers=_auth(organisation),
    )
    assert native.status_code == 422
    assert "Choisissez un mois entre 2017-01" in native.json()["erreur"]["message"]
