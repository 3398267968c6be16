"""Personal data: retention periods, a person's export and erasure (RGPD), on the procedures' data."""

import datetime
import json
from pathlib import Path

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.utils import timezone

from guichet.accounts.models import Role, User
from guichet.accounts.tests.factories import UserFactory, member
from guichet.core.journal import JournalEntry, JournalPersonLabel
from guichet.core.models import Notification
from guichet.procedures.models import Attachment, Dossier, DossierState, PersonalItem
from guichet.procedures.services import folder, transitions
from guichet.procedures.tests.test_services import complete_draft, deposited

pytestmark = pytest.mark.django_db


def _age(dossier, days: int) -> None:
    Dossier.objects.filter(pk=dossier.pk).update(updated_at=timezone.now() - datetime.timedelta(days=days))


def _closed(days_ago: int) -> Dossier:
    dossier = deposited()
    agent = member(Role.AGENT, organisation=dossier.organisation)
    transitions.start_instruction(dossier_id=dossier.pk, actor=agent)
    transitions.decide(dossier_id=dossier.pk, actor=agent, accepted=False, motive="Plafond dépassé")
    _age(dossier, days_ago)
    return dossier


def _journal_is_intact() -> None:
    call_command("verify_journal")  # exits with SystemExit(1) on a broken chain


def test_dry_run_reports_every_kind_in_french_and_deletes_nothing(capsys):
    draft = complete_draft().dossier
    _age(draft, 200)
    old = _closed(days_ago=6 * 365)
    Notification.objects.filter().update(created_at=timezone.now() - datetime.timedelta(days=400))
    call_command("apply_retention", "--dry-run")
    report = capsys.readouterr().out
    assert "simulation" in report
    assert "Brouillons abandonnés — sans modification depuis plus de 180 jours : 1 à traiter" in report
    assert "Dossiers clos — plus de 5 ans après la clôture" in report
    assert "Pièces justificatives des dossiers clos" in report
    assert "Notifications (courriels, SMS, courriers)" in report
    assert "Sessions de connexion" in report
    assert Dossier.objects.filter(pk=draft.pk).exists()
    old.refresh_from_db()
    assert old.contact_name == "Camille Durand"
    assert Notification.objects.exists()


def test_retention_deletes_abandoned_drafts_with_their_files_and_keeps_recent_ones():
    abandoned = complete_draft().dossier
    recent = complete_draft().dossier
    path = Path(abandoned.attachments.get().file.path)
    _age(abandoned, 181)
    entries = JournalEntry.objects.count()
    call_command("apply_retention")
    assert not Dossier.objects.filter(pk=abandoned.pk).exists()
    assert not path.exists()
    assert Dossier.objects.filter(pk=recent.pk).exists()
    assert JournalEntry.objects.count() == entries  # the journal keeps its entries (ids only)
    _journal_is_intact()


def test_old_closed_dossiers_are_pseudonymised_but_keep_number_state_and_dates():
    old = _closed(days_ago=5 * 365 + 10)
    recent = _closed(days_ago=30)
    call_command("apply_retention")
    old.refresh_from_db()
    assert old.number and old.state == DossierState.REFUSE and old.received_at is not None
    assert (old.contact_name, old.contact_email, old.answers, old.decision_motive) == ("", "", {}, "")
    assert not old.answer_versions.exists() and not old.attachments.exists()
    assert old.followup_code_hash == ""
    recent.refresh_from_db()
    assert recent.contact_name == "Camille Durand" and recent.attachments.exists()
    _journal_is_intact()


def test_attachments_and_follow_up_codes_of_closed_dossiers_expire_before_the_dossier():
    closed = _closed(days_ago=400)
    call_command("apply_retention")
    closed.refresh_from_db()
    assert not Attachment.objects.filter(dossier=closed).exists()
    assert closed.followup_code_hash == ""
    assert closed.contact_name == "Camille Durand"  # the dossier itself is kept for 5 years


def test_expired_sessions_and_old_notification_files_are_removed(settings):
    store = SessionStore()
    store.set_expiry(-10)
    store.create()
    outbox = Path(settings.NOTIFICATIONS_DIR) / "sms"
    outbox.mkdir(parents=True)
    old_file, new_file = outbox / "ancien.txt", outbox / "recent.txt"
    old_file.write_text("À : +33600000000")
    new_file.write_text("À : +33600000001")
    long_ago = (timezone.now() - datetime.timedelta(days=400)).timestamp()
    import os

    os.utime(old_file, (long_ago, long_ago))
    call_command("apply_retention")
    assert not old_file.exists() and new_file.exists()
    assert not SessionStore().exists(store.session_key)


def _owned_dossier(usager, *, state="deposited") -> Dossier:
    dossier = complete_draft(actor=usager).dossier
    Dossier.objects.filter(pk=dossier.pk).update(usager=usager)
    if state == "deposited":
        transitions.submit_dossier(dossier_id=dossier.pk, actor=usager, channel="online")
    dossier.refresh_from_db()
    return dossier


def test_a_usager_downloads_everything_about_them_in_french(client):
    usager = UserFactory(username="jeannine", email="jeannine@exemple.fr")
    dossier = _owned_dossier(usager)
    folder.keep_from_dossier(dossier=dossier, user=usager, consent=True)
    Dossier.objects.filter(pk=dossier.pk).update(contact_email="jeannine@exemple.fr")
    agent = member(Role.AGENT, organisation=dossier.organisation)
    transitions.start_instruction(dossier_id=dossier.pk, actor=agent)
    transitions.decide(dossier_id=dossier.pk, actor=agent, accepted=True, motive="Conditions remplies")
    someone_else = _owned_dossier(UserFactory())
    client.force_login(usager)
    response = client.get("/comptes/mon-compte/mes-donnees.json")
    assert response["Content-Disposition"] == 'attachment; filename="mes-donnees-guichet.json"'
    data = json.loads(response.content)
    assert data["personne"]["identifiant"] == "jeannine"
    assert [d["numero"] for d in data["dossiers"]] == [dossier.number]
    assert someone_else.number not in response.content.decode()
    exported = data["dossiers"][0]
    assert exported["reponses"]["Nom"] == "Camille Durand"
    assert exported["pieces"][0]["nom_du_fichier"] == "id.pdf"
    assert {item["libelle"] for item in data["dossier_personnel"]} >= {"Nom"}
    assert any(n["destinataire"] == "jeannine@exemple.fr" for n in data["notifications"])
    assert "personne.donnees_exportees" in {e["action"] for e in data["journal"]}


def test_an_agent_exports_the_data_of_a_person_without_account_on_request(client, login_with_2fa):
    dossier = deposited()
    agent = member(Role.AGENT, organisation=dossier.organisation)
    login_with_2fa(client, agent)
    response = client.get(f"/instruction/dossiers/{dossier.pk}/donnees-personne.json")
    data = json.loads(response.content)
    assert data["dossiers"][0]["numero"] == dossier.number
    assert data["dossiers"][0]["coordonnees"]["adresse_electronique"] == "camille@exemple.fr"
    entry = JournalEntry.objects.filter(action="personne.donnees_exportees").get()
    assert entry.actor_id == agent.pk and entry.subject_id == str(dossier.pk)


def test_an_agent_export_holds_only_the_dossiers_of_their_own_organisation(client, login_with_2fa):
    usager = UserFactory()
    here = _owned_dossier(usager)
    elsewhere = _owned_dossier(usager)  # another procedure, so another organisation
    assert here.organisation_id != elsewhere.organisation_id
    agent = member(Role.AGENT, organisation=here.organisation)
    login_with_2fa(client, agent)
    response = client.get(f"/instruction/dossiers/{here.pk}/donnees-personne.json")
    data = json.loads(response.content)
    assert [d["numero"] for d in data["dossiers"]] == [here.number]
    assert elsewhere.number not in response.content.decode()
    assert "personne" not in data  # the account itself is the person's to export, from « Mon compte »


def test_erasure_is_refused_in_french_while_a_dossier_is_under_instruction(client):
    usager = UserFactory()
    dossier = _owned_dossier(usager)
    client.force_login(usager)
    response = client.post("/comptes/mon-compte/effacer/", {"confirmation": "oui"})
    content = response.content.decode()
    assert (
        "L&#x27;effacement n&#x27;est pas possible" in content or "L'effacement n'est pas possible" in content
    )
    assert dossier.number in content and "en cours d" in content
    assert User.objects.filter(pk=usager.pk).exists()


def test_erasure_deletes_the_account_and_drafts_keeps_decided_dossiers_and_pseudonymises_the_journal(client):
    usager = UserFactory(first_name="Jeannine", last_name="Leroy")
    decided = _owned_dossier(usager)
    agent = member(Role.AGENT, organisation=decided.organisation)
    transitions.start_instruction(dossier_id=decided.pk, actor=agent)
    transitions.decide(dossier_id=decided.pk, actor=agent, accepted=True, motive="Conditions remplies")
    draft = _owned_dossier(usager, state="draft")
    folder.keep_from_dossier(dossier=decided, user=usager, consent=True)
    assert JournalPersonLabel.objects.get(person_id=usager.pk).label == "Jeannine Leroy"
    client.force_login(usager)
    response = client.post("/comptes/mon-compte/effacer/", {"confirmation": "oui"})
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert not User.objects.filter(pk=usager.pk).exists()
    assert not Dossier.objects.filter(pk=draft.pk).exists()
    assert not PersonalItem.objects.exists()
    decided.refresh_from_db()
    assert decided.usager_id is None and decided.state == DossierState.ACCEPTE
    label = JournalPersonLabel.objects.get(person_id=usager.pk)
    assert label.label.startswith("Personne ") and "Leroy" not in label.label
    assert JournalEntry.objects.filter(action="personne.effacee").exists()
    _journal_is_intact()


def test_staff_accounts_are_closed_by_their_organisation_not_erased_by_themselves(client, login_with_2fa):
    agent = member(Role.AGENT)
    login_with_2fa(client, agent)
    response = client.post("/comptes/mon-compte/effacer/", {"confirmation": "oui"})
    assert "c&#x27;est la structure qui le ferme" in response.content.decode()
    assert User.objects.filter(pk=agent.pk).exists()


def test_old_notifications_are_deleted_but_not_a_letter_still_waiting_to_be_posted():
    from guichet.core.notifications.services import send_notification

    sent = send_notification(kind="email", recipient="a@exemple.fr", subject="Accusé", body="Reçu.")
    waiting = send_notification(
        kind="letter", recipient="Camille\n4 rue des Lilas", subject="Accusé", body="Reçu."
    )
    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(days=400))
    call_command("apply_retention")
    assert not Notification.objects.filter(pk=sent.pk).exists()
    assert Notification.objects.filter(pk=waiting.pk).exists()


def test_erasure_is_refused_and_nothing_erased_while_a_kept_record_names_the_person(client):
    from guichet.mandates.tests.factories import habilitated_aidant
    from guichet.mediation.tests.factories import followed_person, organisation_of, session

    usager = habilitated_aidant()  # a former aidant: the sessions they recorded protect the account
    session(usager, followed_person(organisation_of(usager), aidant=usager))
    usager.memberships.update(is_active=False)
    draft = _owned_dossier(usager, state="draft")
    client.force_login(usager)
    response = client.post("/comptes/mon-compte/effacer/", {"confirmation": "oui"}, follow=True)
    assert "demandez-lui de les clore" in response.content.decode()
    assert User.objects.filter(pk=usager.pk).exists()
    assert Dossier.objects.filter(pk=draft.pk).exists()  # rolled back whole, not half erased
    assert not JournalEntry.objects.filter(action="personne.effacee").exists()
