"""The caseload pages: only a responsable of the organisation sees the households of its files."""

import pytest
from django.test import Client

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import OrganisationFactory, member
from guichet.core.journal.models import JournalEntry
from guichet.core.models import Notification
from guichet.screening.models import Caseload, ContactAction
from guichet.screening.tests.factories import screened_caseload

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(login_with_2fa):
    organisation = OrganisationFactory(name="CCAS test", phone="+33553000001")
    caseload = screened_caseload(organisation)
    responsable = member(Role.RESPONSABLE, organisation=organisation)
    client = Client()
    login_with_2fa(client, responsable)
    return {"organisation": organisation, "caseload": caseload, "client": client, "responsable": responsable}


def urls(caseload):
    household = caseload.households.first()
    base = f"/droits/foyers/{caseload.pk}/"
    return [base, f"{base}erreurs.csv", f"{base}resultats.csv", f"{base}foyer/{household.pk}/"]


def test_the_list_ranks_households_with_the_highest_total_first(world):
    content = world["client"].get(f"/droits/foyers/{world['caseload'].pk}/").content.decode()
    assert content.index(">F1<") < content.index(">F2<")
    assert "800,00 €" in content or "800.00 €" in content
    assert "Télécharger la liste des erreurs" in content


def test_a_running_caseload_shows_its_progress_and_refreshes_itself(world):
    Caseload.objects.filter(pk=world["caseload"].pk).update(
        status=Caseload.Status.RUNNING, progress_done=30, progress_total=120
    )
    content = world["client"].get(f"/droits/foyers/{world['caseload'].pk}/").content.decode()
    assert "30 lignes lues sur 120 (25 %)" in content
    assert 'value="25"' in content and "screening/js/progress.js" in content


def test_the_errors_and_results_files_can_be_downloaded(world):
    errors = world["client"].get(f"/droits/foyers/{world['caseload'].pk}/erreurs.csv")
    assert errors["Content-Disposition"].startswith("attachment")
    assert b"ligne,household_id,raison" in b"".join(errors.streaming_content)
    results = world["client"].get(f"/droits/foyers/{world['caseload'].pk}/resultats.csv")
    assert b"F1,500.00" in b"".join(results.streaming_content)


def test_the_caseloads_page_lists_the_organisations_files(world):
    content = world["client"].get("/droits/foyers/").content.decode()
    assert "foyers.csv" in content and "CCAS test" in content


@pytest.mark.parametrize("role", [Role.AGENT, Role.AIDANT, Role.ANALYSTE])
def test_other_roles_of_the_organisation_are_refused(world, role, login_with_2fa):
    client = Client()
    login_with_2fa(client, member(role, organisation=world["organisation"]))
    for url in ["/droits/foyers/", *urls(world["caseload"])]:
        assert client.get(url).status_code == 403, url


def test_another_organisations_responsable_sees_nothing(world, login_with_2fa):
    client = Client()
    login_with_2fa(client, member(Role.RESPONSABLE))
    for url in urls(world["caseload"]):
        assert client.get(url).status_code == 404, url
    assert "foyers.csv" not in client.get("/droits/foyers/").content.decode()


def test_anonymous_people_are_sent_to_the_login_page(world):
    for url in ["/droits/foyers/", *urls(world["caseload"])]:
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/comptes/connexion/")


def _household_url(world):
    household = world["caseload"].households.get(household_id="F1")
    return household, f"/droits/foyers/{world['caseload'].pk}/foyer/{household.pk}/"


def test_a_letter_is_queued_through_the_notifications_and_recorded(world, django_capture_on_commit_callbacks):
    household, url = _household_url(world)
    page = world["client"].get(url).content.decode()
    assert "Revenu de solidarité active (RSA) : 500,00 €" in page
    assert "Complémentaire santé solidaire : sans participation" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = world["client"].post(
            url,
            {
                "kind": "letter",
                "recipient": "Camille Durand\n3 rue des Lilas\n47300 Villeneuve",
                "message": "Bonjour",
            },
        )
    assert response.status_code == 302
    action = ContactAction.objects.get()
    assert action.kind == "letter" and action.created_by == world["responsable"]
    assert action.notification.kind == Notification.Kind.LETTER
    assert action.notification.status == Notification.Status.SENT
    entry = JournalEntry.objects.get(action="screening.foyer_contacte")
    assert entry.data == {"foyer": str(household.pk), "moyen": "letter"}
    assert "Courrier" in world["client"].get(url).content.decode()


def test_an_sms_needs_a_valid_mobile_number(world):
    _household, url = _household_url(world)
    response = world["client"].post(url, {"kind": "sms", "recipient": "pas un numéro", "message": "Bonjour"})
    assert response.status_code == 200
    assert not ContactAction.objects.exists() and not Notification.objects.exists()
    response = world["client"].post(url, {"kind": "sms", "recipient": "06 12 34 56 78", "message": "Bonjour"})
    assert response.status_code == 302
    assert Notification.objects.get().recipient == "+33612345678"


def test_an_appointment_request_is_recorded_without_sending_anything(world):
    _household, url = _household_url(world)
    world["client"].post(url, {"kind": "appointment", "message": "Rappeler mardi"})
    action = ContactAction.objects.get()
    assert action.kind == "appointment" and action.notification is None and action.note == "Rappeler mardi"
    assert not Notification.objects.exists()


def test_the_default_message_gives_the_organisations_contact(world):
    _household, url = _household_url(world)
    assert "+33553000001" in world["client"].get(url).content.decode()


def test_the_ranked_list_costs_the_same_queries_whatever_the_number_of_households(world, query_budget):
    from decimal import Decimal

    from guichet.screening.models import CaseloadHousehold

    caseload = world["caseload"]
    CaseloadHousehold.objects.bulk_create(
        CaseloadHousehold(caseload=caseload, household_id=f"G{n:03d}", total=Decimal(n), amounts={})
        for n in range(60)
    )
    ContactAction.objects.create(household=caseload.households.get(household_id="F1"), kind="appointment")
    with query_budget(12):
        response = world["client"].get(f"/droits/foyers/{caseload.pk}/")
    assert response.status_code == 200 and "Page suivante" in response.content.decode()
