"""Fair mode pages: the request form (with and without the proof of work), the status page, answering an
offer, the public record of the draw, and the agent filing a request for a caller."""

import datetime
from unittest import mock

import altcha
import pytest
from django.urls import reverse

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import member
from guichet.appointments.models import DrawRequest
from guichet.appointments.services import fair
from guichet.appointments.tests.test_fair import CLOSES, OPENS, window

pytestmark = pytest.mark.django_db
DURING = OPENS + datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def during_the_window():
    from guichet.appointments.services import proof_of_work

    # a light proof of work: the test solves it in Python, not in a browser
    with (
        mock.patch("django.utils.timezone.now", return_value=DURING),
        mock.patch.object(proof_of_work, "COST", 500),
    ):
        yield


def solved(client) -> str:
    challenge = altcha.v2.Challenge.from_dict(client.get(reverse("appointments:challenge")).json())
    return altcha.Payload(challenge=challenge, solution=altcha.solve_challenge(challenge)).to_base64()


def form(name, **extra):
    return {"nom": name, "date_naissance": "14/02/1988", "adresse": "3 place Lafayette 47300", **extra}


def test_the_slots_page_of_a_fair_motif_leads_to_the_request_form(client):
    win = window()
    response = client.get(reverse("appointments:slots", args=[win.motif.pk]))
    assert response.status_code == 302 and response.url == reverse(
        "appointments:request", args=[win.motif.pk]
    )
    page = client.get(response.url)
    assert "tirées au sort" in page.text and "altcha-widget" in page.text


def test_a_request_with_the_proof_of_work_then_its_status_with_reference_and_code(client):
    win = window()
    url = reverse("appointments:request", args=[win.motif.pk])
    response = client.post(url, form("Awa Traoré", altcha=solved(client)))
    request = DrawRequest.objects.get()
    assert response.status_code == 302 and request.challenge_signature
    page = client.get(response.url)
    code = page.context["code"]
    assert "Le tirage au sort aura lieu" in page.text and code in page.text
    other = client.__class__()
    assert other.get(response.url).status_code == 404
    found = other.post(reverse("appointments:find"), {"reference": request.reference, "code": code})
    assert found.url == response.url and other.get(response.url).status_code == 200


def test_without_javascript_a_request_is_accepted_under_a_stricter_limit(client):
    win = window()
    url = reverse("appointments:request", args=[win.motif.pk])
    assert client.post(url, form("Awa Traoré")).status_code == 302
    page = client.post(url, form("Jean Martin"))
    assert "Trop de demandes depuis cette connexion" in page.text
    assert client.post(url, form("Jean Martin", altcha=solved(client))).status_code == 302  # with the proof


def test_a_proof_of_work_serves_once(client):
    win = window()
    url = reverse("appointments:request", args=[win.motif.pk])
    proof = solved(client)
    client.post(url, form("Awa Traoré", altcha=proof))
    page = client.post(url, form("Jean Martin", altcha=proof))
    assert "une seule demande" in page.text or "Trop de demandes" in page.text
    assert DrawRequest.objects.count() == 1


def test_the_public_page_shows_the_hash_then_the_seed_and_the_results(client):
    win = window()
    fair.request_place(window=win, channel="online", person_name="Awa", birth_date=datetime.date(1990, 1, 1),
                       postal_address="x", now=DURING)  # fmt: skip
    page = client.get(reverse("appointments:draw", args=[win.pk]))
    assert win.seed_hash in page.text and win.seed not in page.text
    fair.draw(window=win, now=CLOSES)
    win.refresh_from_db()
    page = client.get(reverse("appointments:draw", args=[win.pk]))
    assert win.seed in page.text
    csv = client.get(reverse("appointments:draw_csv", args=[win.pk])).content.decode()
    assert csv.splitlines()[0] == "reference,canal,ticket,creneau_attribue,rang_liste_attente"
    assert DrawRequest.objects.get().reference in csv and "Awa" not in csv


def test_an_agent_files_a_request_for_a_caller_and_accepts_an_offer_after_calling(client, login_with_2fa):
    win = window()
    agent = member(Role.AGENT, organisation=win.motif.organisation)
    login_with_2fa(client, agent)
    url = reverse("appointments:book_for_caller")
    page = client.post(url, {"motif": win.motif.pk, **form("Jean Martin"), "canal": "phone"})
    request = DrawRequest.objects.get()
    assert request.channel == "phone" and request.booked_by == agent and request.reference in page.text
    assert page.context["code"] in page.text
