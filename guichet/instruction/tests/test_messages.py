"""A letter or a call from the person noted by an agent, with its channel and date; the agents' internal
thread, which the person never sees (their follow-up page, their data export), and its retention."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import member
from guichet.core.exceptions import InvalidInput
from guichet.core.journal.models import JournalEntry
from guichet.core.privacy import export_person
from guichet.instruction import privacy
from guichet.instruction.models import InternalMessage
from guichet.instruction.services import following, thread
from guichet.procedures.models import Dossier
from guichet.procedures.perms import grant_followup
from guichet.procedures.services import messages
from guichet.procedures.tests.test_services import deposited

pytestmark = pytest.mark.django_db


def test_a_call_is_noted_as_the_person_message_with_its_channel_and_day():
    dossier = deposited()
    agent = member(Role.AGENT, organisation=dossier.organisation)
    today = timezone.localdate()
    message = messages.record_from_person(
        dossier=dossier, agent=agent, body="Je déménage le 12.", channel="phone", received_on=today
    )
    assert message.from_usager and message.channel == "phone" and message.author == agent
    assert JournalEntry.objects.get(action="dossier.message_note").channel == "phone"
    with pytest.raises(InvalidInput, match="futur"):
        messages.record_from_person(dossier=dossier, agent=agent, body="x", channel="mail",
                                    received_on=today + datetime.timedelta(days=1))  # fmt: skip
    with pytest.raises(InvalidInput, match="téléphone, courrier ou guichet"):
        messages.record_from_person(
            dossier=dossier, agent=agent, body="x", channel="online", received_on=today
        )
    with pytest.raises(InvalidInput, match="antérieure au dossier"):
        messages.record_from_person(dossier=dossier, agent=agent, body="x", channel="mail",
                                    received_on=today - datetime.timedelta(days=400))  # fmt: skip


def test_the_agent_notes_a_letter_from_the_dossier_page_and_the_person_reads_it(client, login_with_2fa):
    dossier = deposited()
    agent = member(Role.AGENT, organisation=dossier.organisation, first_name="Claire", last_name="Martin")
    login_with_2fa(client, agent)
    url = reverse("procedures:agent_action", args=[dossier.pk, "noter-message"])
    day = timezone.localdate().strftime("%d/%m/%Y")
    bad = client.post(
        url, {"channel": "mail", "received_on": "31/02/2026", "body": "Voici mon avis d'impôt."}
    )
    assert bad.status_code == 400 and "Voici mon avis d&#x27;impôt." in bad.content.decode()  # text kept
    client.post(url, {"channel": "mail", "received_on": day, "body": "Voici mon avis d'impôt."})
    page = client.get(reverse("procedures:agent_dossier", args=[dossier.pk])).content.decode()
    assert "par courrier, reçu le" in page and "noté par Claire Martin" in page
    assert following.is_following(dossier, agent)
    client.logout()
    session_client = client
    session = session_client.session
    request = type("R", (), {"session": session})()
    grant_followup(request, dossier)
    session.save()
    usager_page = session_client.get(reverse("procedures:dossier", args=[dossier.pk])).content.decode()
    assert "Voici mon avis d&#x27;impôt." in usager_page and "noté par" not in usager_page


def test_the_internal_thread_stays_between_agents(client, login_with_2fa):
    dossier = deposited()
    agent = member(Role.AGENT, organisation=dossier.organisation)
    login_with_2fa(client, agent)
    client.post(
        reverse("instruction:dossier_team", args=[dossier.pk, "fil-interne"]), {"body": "Revenus à vérifier."}
    )
    assert InternalMessage.objects.get().body == "Revenus à vérifier."
    assert following.is_following(dossier, agent)
    assert (
        "Revenus à vérifier."
        in client.get(reverse("procedures:agent_dossier", args=[dossier.pk])).content.decode()
    )
    empty = client.post(
        reverse("instruction:dossier_team", args=[dossier.pk, "fil-interne"]), {"body": " "}, follow=True
    )
    assert "Le message aux collègues est vide." in empty.content.decode()
    client.logout()
    session = client.session
    grant_followup(type("R", (), {"session": session})(), dossier)
    session.save()
    assert (
        "Revenus à vérifier."
        not in client.get(reverse("procedures:dossier", args=[dossier.pk])).content.decode()
    )


def test_the_internal_thread_is_not_in_the_person_export_and_goes_with_retention():
    dossier = deposited()
    agent = member(Role.AGENT, organisation=dossier.organisation)
    usager = member(Role.AGENT).__class__.objects.create(username="personne-export")
    Dossier.objects.filter(pk=dossier.pk).update(usager=usager)
    thread.post_internal(dossier=dossier, author=agent, body="Note de travail.")
    assert "Note de travail." not in str(export_person(usager))
    Dossier.objects.filter(pk=dossier.pk).update(
        state="refuse", updated_at=timezone.now() - datetime.timedelta(days=365 * 6)
    )
    [result] = privacy.retention(now=timezone.now(), dry_run=True)
    assert result.count == 1 and InternalMessage.objects.exists()
    privacy.retention(now=timezone.now(), dry_run=False)
    assert not InternalMessage.objects.exists()


def test_waiting_for_a_reply_shows_in_the_list_until_the_person_answers(client, login_with_2fa):
    dossier = deposited()
    agent = member(Role.AGENT, organisation=dossier.organisation)
    login_with_2fa(client, agent)
    client.post(
        reverse("procedures:agent_action", args=[dossier.pk, "message"]),
        {"body": "Pouvez-vous envoyer votre avis d'impôt ?", "awaiting_reply": "on"},
    )
    assert "réponse attendue" in client.get(reverse("procedures:queue")).content.decode()
    messages.record_from_person(dossier=dossier, agent=agent, body="Je l'envoie demain.", channel="phone",
                                received_on=timezone.localdate())  # fmt: skip
    assert "réponse attendue" not in client.get(reverse("procedures:queue")).content.decode()


def test_ready_made_replies_fill_the_message_with_the_sms_variant_for_sms_people(client, login_with_2fa):
    from guichet.instruction.models import ReplyTemplate
    from guichet.procedures.tests.factories import published_procedure

    dossier = deposited(procedure=published_procedure())
    procedure = dossier.procedure_version.procedure
    responsable = member(Role.RESPONSABLE, organisation=dossier.organisation)
    login_with_2fa(client, responsable)
    url = reverse("instruction:procedure_replies", args=[procedure.pk])
    long = client.post(
        url, {"title": "Avis d'impôt", "body": "Envoyez votre avis d'impôt 2025.", "sms_body": "x" * 321}
    )
    assert long.status_code == 400 and "320 caractères au plus" in long.content.decode()
    client.post(url, {"title": "Avis d'impôt", "body": "Envoyez votre avis d'impôt 2025.",
                      "sms_body": "Envoyez votre avis d'impôt 2025 au CCAS."})  # fmt: skip
    twice = client.post(url, {"title": "Avis d'impôt", "body": "Autre."})
    assert twice.status_code == 400 and "déjà ce titre" in twice.content.decode()
    reply = ReplyTemplate.objects.get()
    agent = member(Role.AGENT, organisation=dossier.organisation)
    login_with_2fa(client, agent)
    page = client.get(
        reverse("procedures:agent_dossier", args=[dossier.pk]) + f"?modele={reply.pk}"
    ).content.decode()
    assert "Envoyez votre avis d&#x27;impôt 2025.</textarea>" in page  # told by e-mail: the full message
    Dossier.objects.filter(pk=dossier.pk).update(notify_by="sms", contact_phone="+33612345678")
    page = client.get(
        reverse("procedures:agent_dossier", args=[dossier.pk]) + f"?modele={reply.pk}"
    ).content.decode()
    assert "Envoyez votre avis d&#x27;impôt 2025 au CCAS.</textarea>" in page
    assert (
        client.get(reverse("procedures:agent_dossier", args=[dossier.pk]) + "?modele=abc").status_code == 200
    )
