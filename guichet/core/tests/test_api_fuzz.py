"""Schemathesis against the published OpenAPI document, on a live test server: no 5xx, and every
refusal is a 4xx with our error body and a French message."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from guichet.accounts.services import create_api_token
from guichet.procedures.tests.test_services import deposited
from guichet.screening.api import SITUATION_EXAMPLE
from guichet.screening.engine import screen_openfisca_situation, warm_up

pytestmark = pytest.mark.django_db(transaction=True)
EXAMPLES_PER_OPERATION = int(os.environ.get("FUZZ_EXAMPLES", "30"))  # `make fuzz` raises it


def test_the_api_never_fails_with_a_server_error(live_server):
    # The first rights screening of a process loads OpenFisca-France and the first native situation builds
    # its own simulation (seconds each on a busy machine): do both before, with the documented examples'
    # month, so that no fuzzed request hits the client's read timeout.
    warm_up()  # the household example: the current month
    warm_up(SITUATION_EXAMPLE["period"])
    screen_openfisca_situation(SITUATION_EXAMPLE["openfisca_situation"], period=SITUATION_EXAMPLE["period"])
    dossier = deposited()
    _token, key = create_api_token(organisation=dossier.organisation, label="Fuzz")
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    checked = {"cases": 0}

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck))
        def run(case):
            for headers in ({"Authorization": f"Bearer {key}"}, {}):
                response = case.call(headers=headers)
                assert response.status_code < 500, (case.method, case.path, response.text[:500])
                if response.status_code >= 400:
                    error = response.json()["erreur"]
                    assert error["code"] and error["message"], response.text
                checked["cases"] += 1

        run()
    assert checked["cases"] >= len(operations) * 2
