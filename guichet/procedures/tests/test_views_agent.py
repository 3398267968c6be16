"""HTTP tests of the agent's pages (queue, counter and mail requests, instruction) and of outages."""

import datetime

import pytest
from django.utils import timezone

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import OrganisationFactory, member
from guichet.core.channels import Channel
from guichet.procedures.models import Dossier, DossierState
from guichet.procedures.tests.factories import published_procedure
from guichet.procedures.tests.test_services import deposited
from guichet.procedures.tests.test_views import text

pytestmark = pytest.mark.django_db


class TestAgent:
    def test_agent_pages_need_the_agent_role(self, client, login_with_2fa):
        login_with_2fa(client, member(Role.ANALYSTE))
        for url in ["/instruction/", "/instruction/nouvelle-demande/"]:
            assert client.get(url).status_code == 403

    def test_anonymous_people_go_to_login(self, client):
        response = client.get("/instruction/")
        assert response["Location"].startswith("/comptes/connexion/")

    def test_agent_of_another_organisation_gets_404(self, client, login_with_2fa):
        dossier = deposited()
        login_with_2fa(client, member(Role.AGENT, organisation=OrganisationFactory()))
        assert client.get(f"/instruction/dossiers/{dossier.pk}/").status_code == 404
        assert client.post(f"/instruction/dossiers/{dossier.pk}/instruire/").status_code == 404
        assert client.get(f"/dossiers/{dossier.pk}/etape/identite/").status_code == 404

    def test_counter_request_records_channel_agent_and_date_of_receipt(self, client, login_with_2fa):
        procedure = published_procedure()
        agent = member(Role.AGENT, organisation=procedure.organisation)
        login_with_2fa(client, agent)
        received = timezone.localdate() - datetime.timedelta(days=4)
        response = client.post(
            "/instruction/nouvelle-demande/",
            {
                "procedure": str(procedure.pk),
                "channel": "mail",
                "received_on": received.isoformat(),
                "contact_name": "Marcel Dupuy",
            },
        )
        dossier = Dossier.objects.get()
        assert response["Location"] == f"/dossiers/{dossier.pk}/etape/identite/"
        assert dossier.channel == Channel.MAIL and dossier.created_by == agent
        assert timezone.localdate(dossier.received_at) == received

    def test_future_date_of_receipt_is_refused(self, client, login_with_2fa):
        procedure = published_procedure()
        login_with_2fa(client, member(Role.AGENT, organisation=procedure.organisation))
        response = client.post(
            "/instruction/nouvelle-demande/",
            {
                "procedure": str(procedure.pk),
                "channel": "phone",
                "received_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
                "contact_name": "X",
            },
        )
        assert "dans le futur" in text(response)
        assert Dossier.objects.count() == 0

    def test_queue_filters_and_instruction_actions(self, client, login_with_2fa, query_budget):
        dossier = deposited()
        agent = member(Role.AGENT, organisation=dossier.organisation)
        login_with_2fa(client, agent)
        with query_budget(16):  # constant in the page size: the labels of the page are one prefetch
            queue = text(client.get("/instruction/?etat=depose"))
        assert dossier.number in queue
        assert dossier.number not in text(client.get("/instruction/?etat=accepte"))
        base = f"/instruction/dossiers/{dossier.pk}"
        client.post(f"{base}/instruire/", {"lock_version": dossier.lock_version})
        dossier.refresh_from_db()
        assert dossier.state == DossierState.EN_INSTRUCTION
        assert dossier.followers.get(until__isnull=True).user == agent  # starting instruction follows it
        refused = client.post(
            f"{base}/decider/", {"decision": "refuse", "motive": "", "lock_version": dossier.lock_version}
        )
        assert refused.status_code == 400
        client.post(
            f"{base}/decider/",
            {"decision": "accept", "motive": "Conditions remplies.", "lock_version": dossier.lock_version},
        )
        dossier.refresh_from_db()
        assert dossier.state == DossierState.ACCEPTE

    def test_stale_agent_form_gets_a_conflict_message(self, client, login_with_2fa):
        dossier = deposited()
        login_with_2fa(client, member(Role.AGENT, organisation=dossier.organisation))
        stale = dossier.lock_version
        client.post(f"/instruction/dossiers/{dossier.pk}/instruire/", {"lock_version": stale})
        response = client.post(
            f"/instruction/dossiers/{dossier.pk}/decider/",
            {"decision": "accept", "motive": "OK", "lock_version": stale},
        )
        assert response.status_code == 409
        assert "modifié par quelqu" in text(response)

    def test_agent_requests_a_correction_naming_fields(self, client, login_with_2fa):
        dossier = deposited()
        login_with_2fa(client, member(Role.AGENT, organisation=dossier.organisation))
        client.post(
            f"/instruction/dossiers/{dossier.pk}/completer/",
            {
                "fields_to_fix": ["naissance"],
                "message": "Date à vérifier",
                "lock_version": dossier.lock_version,
            },
        )
        dossier.refresh_from_db()
        assert dossier.state == DossierState.A_COMPLETER
        assert dossier.corrections.get().fields == ["naissance"]

    def test_agent_records_corrections_received_by_post(self, client, login_with_2fa):
        dossier = deposited()
        login_with_2fa(client, member(Role.AGENT, organisation=dossier.organisation))
        base = f"/instruction/dossiers/{dossier.pk}"
        client.post(
            f"{base}/completer/",
            {
                "fields_to_fix": ["naissance"],
                "message": "Date à vérifier",
                "lock_version": dossier.lock_version,
            },
        )
        assert f"/dossiers/{dossier.pk}/corriger/" in text(client.get(f"{base}/"))
        # Staff say how it came; without it nothing is sent, and the date typed is kept.
        response = client.post(
            f"/dossiers/{dossier.pk}/corriger/", {"naissance": "1980-02-03", "action": "send"}
        )
        assert response.status_code == 400
        assert "Comment ces éléments sont-ils arrivés" in text(response)
        dossier.refresh_from_db()
        assert dossier.state == DossierState.A_COMPLETER
        response = client.post(
            f"/dossiers/{dossier.pk}/corriger/",
            {"naissance": "1980-02-03", "received_through": "mail", "action": "send"},
        )
        assert response.status_code == 302
        assert response["Location"] == f"{base}/"
        dossier.refresh_from_db()
        assert dossier.state == DossierState.EN_INSTRUCTION
        assert dossier.answers["naissance"] == "1980-02-03"
        assert dossier.events.get(action="submit_correction").channel == "mail"


def test_responsable_records_an_outage(client, login_with_2fa):
    organisation = OrganisationFactory()
    login_with_2fa(client, member(Role.RESPONSABLE, organisation=organisation))
    start = timezone.localtime() - datetime.timedelta(hours=3)
    response = client.post(
        "/gestion/interruptions/",
        {
            "started_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ended_at": (start + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "description": "Serveur arrêté",
        },
    )
    assert response.status_code == 302
    assert organisation.outages.count() == 1


def test_outages_page_is_for_responsables_only(client, login_with_2fa):
    login_with_2fa(client, member(Role.AGENT))
    assert client.get("/gestion/interruptions/").status_code == 403


class TestStaffWrites:
    """Staff write only in the dossiers they entered, or in fields a correction opened (issue 21, finding 9)."""

    def test_an_agent_cannot_write_into_a_persons_own_online_draft(self, client, login_with_2fa):
        from guichet.procedures.tests.test_views import _start_online

        procedure = published_procedure()
        dossier = _start_online(client, procedure)
        agent = member(Role.AGENT, organisation=procedure.organisation)
        staff = type(client)()
        login_with_2fa(staff, agent)
        response = staff.post(
            f"/dossiers/{dossier.pk}/etape/identite/", {"nom": "Écrit par l'agent", "naissance": "1980-01-01"}
        )
        assert response.status_code == 403
        assert "rempli par la personne elle-même" in text(response)
        dossier.refresh_from_db()
        assert "nom" not in dossier.answers

    def test_every_agent_write_on_a_counter_dossier_leaves_a_version_and_a_journal_entry(
        self, client, login_with_2fa
    ):
        from guichet.core.journal import JournalEntry

        procedure = published_procedure()
        agent = member(Role.AGENT, organisation=procedure.organisation)
        login_with_2fa(client, agent)
        client.post(
            "/instruction/nouvelle-demande/",
            {
                "procedure": str(procedure.pk),
                "channel": "counter",
                "received_on": timezone.localdate().isoformat(),
                "contact_name": "Marcel Dupuy",
            },
        )
        dossier = Dossier.objects.get()
        assert dossier.answers == {"nom": "Marcel Dupuy"}  # the name is asked once
        client.post(
            f"/dossiers/{dossier.pk}/etape/identite/", {"nom": "Marcel Dupuy", "naissance": "1950-02-03"}
        )
        version = dossier.answer_versions.get()
        assert version.actor == agent and version.changed_fields == ["naissance"]
        assert JournalEntry.objects.filter(action="dossier.staff_edit", actor_id=agent.pk).exists()
