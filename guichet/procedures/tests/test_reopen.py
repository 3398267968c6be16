"""Reopening a decided dossier (CRPA L242-1 and following) and sending a dossier back to « déposé »."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import member
from guichet.core.exceptions import InvalidInput
from guichet.core.journal.models import JournalEntry
from guichet.core.models import Notification
from guichet.procedures.models import Dossier, DossierState
from guichet.procedures.services import transitions
from guichet.procedures.tests.test_services import deposited

pytestmark = pytest.mark.django_db


def decided(accepted=True):
    dossier = deposited()
    agent = member(Role.AGENT, organisation=dossier.organisation)
    transitions.start_instruction(dossier_id=dossier.pk, actor=agent)
    transitions.decide(dossier_id=dossier.pk, actor=agent, accepted=accepted, motive="Conditions remplies.")
    return Dossier.objects.get(pk=dossier.pk), agent


def test_a_refusal_is_reopened_with_a_motive_a_new_date_and_the_person_told():
    dossier, agent = decided(accepted=False)
    with pytest.raises(InvalidInput, match="pourquoi"):
        transitions.reopen_dossier(dossier_id=dossier.pk, actor=agent, motive="  ")
    reopened = transitions.reopen_dossier(dossier_id=dossier.pk, actor=agent, motive="Pièce mal lue.")
    assert reopened.state == DossierState.EN_INSTRUCTION
    assert reopened.decided_at is None and reopened.decision_motive == ""
    assert reopened.decision_due_on > timezone.localdate()
    assert reopened.events.last().motive == "Pièce mal lue."
    assert JournalEntry.objects.filter(action="dossier.reopen", subject_id=str(dossier.pk)).exists()
    told = Notification.objects.get(subject__contains="rouvert")
    assert "Pièce mal lue." in told.body and told.recipient == dossier.contact_email


def test_an_acceptance_older_than_four_months_is_withdrawn_only_at_the_person_request():
    dossier, agent = decided(accepted=True)
    Dossier.objects.filter(pk=dossier.pk).update(decided_at=timezone.now() - datetime.timedelta(days=130))
    with pytest.raises(InvalidInput, match="L242-1"):
        transitions.reopen_dossier(dossier_id=dossier.pk, actor=agent, motive="Erreur de calcul.")
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.ACCEPTE
    reopened = transitions.reopen_dossier(
        dossier_id=dossier.pk, actor=agent, motive="La personne demande un réexamen.", at_persons_request=True
    )
    assert reopened.state == DossierState.EN_INSTRUCTION


def test_an_open_dossier_cannot_be_reopened():
    dossier = deposited()
    agent = member(Role.AGENT, organisation=dossier.organisation)
    with pytest.raises(InvalidInput, match="Action impossible"):
        transitions.reopen_dossier(dossier_id=dossier.pk, actor=agent, motive="x")


def test_instruction_sent_back_to_deposited_keeps_the_deadline():
    dossier = deposited()
    agent = member(Role.AGENT, organisation=dossier.organisation)
    transitions.start_instruction(dossier_id=dossier.pk, actor=agent)
    back = transitions.send_back_to_deposited(
        dossier_id=dossier.pk, actor=agent, motive="Commencé par erreur."
    )
    assert back.state == DossierState.DEPOSE and back.decision_due_on == dossier.decision_due_on
    assert back.events.last().action == "send_back"


def test_the_agent_reopens_from_the_dossier_page(client, login_with_2fa):
    dossier, agent = decided(accepted=False)
    login_with_2fa(client, agent)
    page = client.get(reverse("procedures:agent_dossier", args=[dossier.pk])).content.decode()
    assert "Rouvrir le dossier" in page
    url = reverse("procedures:agent_action", args=[dossier.pk, "rouvrir"])
    refused = client.post(url, {"motive": "", "lock_version": dossier.lock_version})
    assert refused.status_code == 400 and "Dites pourquoi le dossier est rouvert" in refused.content.decode()
    client.post(url, {"motive": "Nouvel examen.", "lock_version": dossier.lock_version})
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.EN_INSTRUCTION
