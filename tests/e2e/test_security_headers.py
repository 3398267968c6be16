"""The header check of conftest.py (run on every page of the browser suite) must itself be able to fail."""

import pytest

from tests.e2e.conftest import header_problems

GOOD = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "content-security-policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "frame-ancestors 'none'; object-src 'none'",
}


def test_complete_headers_pass_the_check():
    assert header_problems("/", GOOD) == []


def test_a_missing_header_or_a_permissive_csp_is_reported():
    assert header_problems("/", {**GOOD, "x-frame-options": "SAMEORIGIN"})
    weak = {
        **GOOD,
        "content-security-policy": GOOD["content-security-policy"].replace(
            "script-src 'self'", "script-src 'self' 'unsafe-inline'"
        ),
    }
    assert header_problems("/", weak)
    assert header_problems("/", {k: v for k, v in GOOD.items() if k != "content-security-policy"})


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_every_page_of_a_journey_is_checked(page, live_server):
    page.goto(f"{live_server.url}/")
    page.goto(f"{live_server.url}/demarches/")
    page.goto(f"{live_server.url}/comptes/connexion/")
    assert page.documents_checked == 3
    assert page.header_problems == []
