"""Every JSON API route tried with no token, the organisation's own token and another organisation's.

A new API route without an entry in API_RULES fails `test_every_api_route_has_a_rule`.
"""

import pytest
from django.urls import reverse

from guichet.accounts.services import create_api_token
from guichet.accounts.tests.factories import OrganisationFactory

API_RULES = {
    "api:openapi-json": ("get", {"none": 200, "own": 200, "other": 200}),
    "api:openapi-view": ("get", {"none": 200, "own": 200, "other": 200}),
    "api:api-root": ("get", {"none": 404, "own": 404, "other": 404}),
    "api:list_channels": ("get", {"none": 401, "own": 200, "other": 200}),
    "api:health": ("get", {"none": 200, "own": 200, "other": 200}),
    "api:my_organisation": ("get", {"none": 401, "own": 200, "other": 200}),
    "api:list_dossiers": ("get", {"none": 401, "own": 200, "other": 200}),
    "api:get_dossier": ("get", {"none": 401, "own": 200, "other": 404}),
    "api:list_messages": ("get", {"none": 401, "own": 200, "other": 404}),
    "api:list_mandates": ("get", {"none": 401, "own": 200, "other": 200}),
    "api:verify_mandate": ("get", {"none": 401, "own": 200, "other": 200}),
    "api:mediation_activity": ("get", {"none": 401, "own": 200, "other": 200}),
    "api:screen": ("post", {"none": 401, "own": 400, "other": 400}),  # any organisation; no body: 400
    "api:list_places": ("get", {"none": 200, "own": 200, "other": 200}),  # open data
    # Appointments: motifs, slots and draw records are public; bookings are the place's organisation's.
    "api:motifs": ("get", {"none": 200, "own": 200, "other": 200}),
    "api:slots": ("get", {"none": 200, "own": 200, "other": 200}),
    "api:draw": ("get", {"none": 200, "own": 200, "other": 200}),
    "api:book": ("post", {"none": 401, "own": 400, "other": 400}),  # any organisation; no body: 400
    "api:booking_detail": ("get", {"none": 401, "own": 200, "other": 404}),
    "api:cancel": ("post", {"none": 401, "own": 200, "other": 404}),
}
APPOINTMENT_KWARGS = {
    "api:motifs": "place_id",
    "api:slots": "motif_id",
    "api:draw": "draw_id",
    "api:booking_detail": "booking_id",
    "api:cancel": "booking_id",
}


def test_every_api_route_has_a_rule():
    from guichet.api import api

    names = {f"api:{p.name}" for p in api.urls[0] if p.name}
    assert names - set(API_RULES) <= {"api:create_dossier", "api:post_message"}  # same URL as a GET route


@pytest.mark.parametrize("name", list(API_RULES))
def test_api_route_answers_each_token_as_the_matrix_says(world, name, client):
    method, expected = API_RULES[name]
    own_org = world["kwargs"]["organisation_id"]
    from guichet.accounts.models import Organisation

    _t, own_key = create_api_token(organisation=Organisation.objects.get(pk=own_org), label="A")
    _t, other_key = create_api_token(organisation=OrganisationFactory(), label="B")
    kwargs = (
        {"dossier_id": world["kwargs"]["dossier_id"]}
        if "dossier" in name and "list_dossiers" not in name
        else {}
    )
    if name == "api:list_messages":
        kwargs = {"dossier_id": world["kwargs"]["dossier_id"]}
    query = ""
    if name == "api:verify_mandate":
        kwargs = {"mandate_id": world["kwargs"]["mandate_id"]}
        query = f"?usager={world['users']['usager_a'].pk}"
    if name in APPOINTMENT_KWARGS:
        kwargs = {APPOINTMENT_KWARGS[name]: world["kwargs"][APPOINTMENT_KWARGS[name]]}
    url = reverse(name, kwargs=kwargs) + query
    seen = {}
    for who, key in {"none": None, "own": own_key, "other": other_key}.items():
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        seen[who] = getattr(client, method)(url, headers=headers).status_code
    assert seen == expected
