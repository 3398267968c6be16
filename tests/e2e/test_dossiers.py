"""The five journeys of the procedures module, through the real pages, with axe-core on each page."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import PASSWORD, OrganisationFactory, UserFactory, member, totp_device
from guichet.core.channels import Channel
from guichet.procedures.models import Dossier, DossierState
from guichet.procedures.services import messages as dossier_messages
from guichet.procedures.tests.factories import PDF, published_procedure
from tests.e2e.conftest import check_page, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def procedure():
    organisation = OrganisationFactory(
        name="CCAS de Villeneuve",
        address="12 rue de la Mairie\n47300 Villeneuve-sur-Lot",
        phone="+33553000001",
        email="ccas@villeneuve.example",
    )
    return published_procedure(organisation, slug="aide-test")


@pytest.fixture
def id_pdf(tmp_path):
    path = tmp_path / "carte-identite.pdf"
    path.write_bytes(PDF)
    return path


def _fill_identity(page, name="Camille Durand"):
    page.get_by_label("Nom", exact=True).fill(name)
    page.get_by_label("Date de naissance").fill("1980-05-04")
    page.get_by_label("Non", exact=True).check(force=True)  # DSFR draws the radio over the input


def _continue(page):
    page.get_by_role("button", name="Continuer").click()


def _fill_rest(page, id_pdf, *, contact):
    """From the bank section to the review page."""
    page.wait_for_url("**/etape/banque/")
    check_page(page, "dossier-banque")
    _continue(page)
    page.wait_for_url("**/pieces/")
    page.locator("#file-identite_doc").set_input_files(str(id_pdf))
    page.get_by_role("button", name="Envoyer ce fichier").click()
    assert "carte-identite.pdf" in page.content()
    check_page(page, "dossier-pieces")
    page.get_by_role("link", name="Continuer").click()
    page.wait_for_url("**/coordonnees/")
    page.get_by_label("Nom et prénom de la personne concernée").fill(contact["name"])
    page.get_by_label(contact["notify"], exact=True).check(force=True)  # DSFR draws the radio over the input
    for label, value in contact.get("fields", {}).items():
        page.get_by_label(label).fill(value)
    check_page(page, "dossier-coordonnees")
    _continue(page)
    page.wait_for_url("**/recapitulatif/")
    check_page(page, "dossier-recapitulatif")


def test_online_usager_with_email_fills_over_several_visits_and_gets_the_receipt(
    page, live_server, procedure, id_pdf
):
    user = UserFactory(username="camille", email="camille@exemple.fr")
    log_in(page, live_server, "camille", PASSWORD)
    page.goto(f"{live_server.url}/demarches/")
    check_page(page, "catalogue")
    page.get_by_role("link", name=procedure.title).click()
    check_page(page, "demarche")
    page.get_by_role("button", name="Commencer en ligne").click()
    check_page(page, "dossier-commence")
    page.get_by_role("link", name="Remplir la demande").click()
    page.get_by_label("Nom", exact=True).fill("Camille Durand")
    page.get_by_label("Nom", exact=True).press("Tab")
    page.get_by_text("Enregistré automatiquement").wait_for()
    # Another visit: what was typed is there, saved by the server.
    page.goto(f"{live_server.url}/mes-dossiers/")
    check_page(page, "mes-dossiers")
    dossier = Dossier.objects.get(usager=user)
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/etape/identite/")
    assert page.get_by_label("Nom", exact=True).input_value() == "Camille Durand"
    check_page(page, "dossier-identite")
    _fill_identity(page)
    _continue(page)
    _fill_rest(
        page,
        id_pdf,
        contact={
            "name": "Camille Durand",
            "notify": "Par courriel",
            "fields": {"Adresse électronique": "camille@exemple.fr"},
        },
    )
    page.get_by_role("button", name="Déposer la demande").click()
    page.get_by_role("heading", name="Votre demande est déposée").wait_for()
    check_page(page, "accuse-de-reception")
    assert "Voies et délais de recours" in page.content()
    assert any(dossier.number in message.subject for message in mail.outbox)
    page.get_by_role("link", name="Voir le suivi du dossier").click()
    assert page.locator(".dossier-state").inner_text() == "Reçue par le service"
    check_page(page, "suivi-dossier")


def test_usager_without_email_or_account_follows_with_number_and_code(
    page, second_page, live_server, procedure, id_pdf
):
    page.goto(f"{live_server.url}/demarches/aide-test/")
    page.get_by_role("button", name="Commencer en ligne").click()
    codes = page.locator(".followup-code").all_inner_texts()
    number, code = codes[0], codes[1]
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    sheet = page.request.get(f"{page.url.rsplit('/commence/', 1)[0]}/fiche-de-suivi.pdf")
    assert sheet.headers["content-type"] == "application/pdf" and sheet.body().startswith(b"%PDF")
    page.get_by_role("link", name="Remplir la demande").click()
    _fill_identity(page, "Jeannine Leroy")
    _continue(page)
    _fill_rest(
        page,
        id_pdf,
        contact={
            "name": "Jeannine Leroy",
            "notify": "Par SMS",
            "fields": {"Téléphone mobile": "06 12 34 56 78"},
        },
    )
    page.get_by_role("button", name="Déposer la demande").click()
    page.get_by_role("heading", name="Votre demande est déposée").wait_for()
    dossier = Dossier.objects.get(number=number)
    assert dossier.contact_email == "" and dossier.contact_phone == "+33612345678"
    dossier_messages.message_to_usager(
        dossier=dossier, author=None, body="Pouvez-vous passer lundi au CCAS ?"
    )
    # From another computer, with the two codes only.
    other = second_page
    other.goto(f"{live_server.url}/suivi/")
    check_page(other, "suivi-formulaire")
    other.get_by_label("Numéro de dossier").fill(number)
    other.get_by_label("Code de suivi").fill(code.lower())
    other.get_by_role("button", name="Voir mon dossier").click()
    other.get_by_text("Pouvez-vous passer lundi au CCAS ?").wait_for()
    other.get_by_label("Votre message").fill("Oui, lundi à 10 h.")
    other.get_by_role("button", name="Envoyer le message").click()
    other.get_by_text("Oui, lundi à 10 h.").wait_for()
    check_page(other, "suivi-messages")
    assert dossier.messages.filter(from_usager=True).count() == 1


def _agent_starts(page, live_server, procedure, *, channel_label, received_on=None, name):
    agent = member(
        Role.AGENT, organisation=procedure.organisation, username=f"agent-{channel_label.split()[-1].lower()}"
    )
    totp_device(agent)
    log_in(page, live_server, agent.username, PASSWORD, totp_user=agent)
    page.wait_for_url("**/espace/agent/")
    page.get_by_role("link", name="Enregistrer une demande reçue").click()
    check_page(page, "agent-nouvelle-demande")
    page.get_by_label("Démarche").select_option(label=procedure.title)
    page.get_by_label(channel_label, exact=True).check(force=True)  # DSFR draws the radio over the input
    if received_on:
        page.get_by_label("Date de réception").fill(received_on.isoformat())
    page.get_by_label("Nom et prénom de la personne").fill(name)
    page.get_by_role("button", name="Commencer la saisie").click()
    page.wait_for_url("**/etape/identite/")
    return agent


def test_counter_agent_fills_the_same_procedure_and_prints_the_receipt(page, live_server, procedure, id_pdf):
    agent = _agent_starts(page, live_server, procedure, channel_label="Au guichet", name="Marcel Dupuy")
    _fill_identity(page, "Marcel Dupuy")
    _continue(page)
    _fill_rest(
        page,
        id_pdf,
        contact={
            "name": "Marcel Dupuy",
            "notify": "Par courrier postal",
            "fields": {"Adresse postale": "4 rue des Lilas\n47300 Villeneuve-sur-Lot"},
        },
    )
    page.get_by_role("button", name="Déposer la demande").click()
    page.get_by_role("heading", name="Votre demande est déposée").wait_for()
    check_page(page, "guichet-accuse")
    dossier = Dossier.objects.get()
    assert dossier.channel == Channel.COUNTER and dossier.created_by == agent
    assert dossier.events.get(action="submit").actor == agent
    pdf = page.request.get(f"{live_server.url}/dossiers/{dossier.pk}/accuse-de-reception.pdf")
    assert pdf.body().startswith(b"%PDF")
    assert page.locator(".followup-code").count() == 2  # the code to hand over on paper


def test_mail_request_runs_deadlines_from_the_date_the_letter_arrived(page, live_server, procedure, id_pdf):
    received = timezone.localdate() - datetime.timedelta(days=5)
    _agent_starts(
        page, live_server, procedure, channel_label="Par courrier", received_on=received, name="Paul Martin"
    )
    _fill_identity(page, "Paul Martin")
    _continue(page)
    _fill_rest(page, id_pdf, contact={"name": "Paul Martin", "notify": "Je consulterai le suivi moi-même"})
    page.get_by_role("button", name="Déposer la demande").click()
    page.get_by_role("heading", name="Votre demande est déposée").wait_for()
    dossier = Dossier.objects.get()
    assert dossier.channel == Channel.MAIL
    assert timezone.localdate(dossier.received_at) == received
    assert dossier.decision_due_on == received + datetime.timedelta(days=30)
    months = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ]
    assert f"{received.day} {months[received.month - 1]} {received.year}" in page.content()


def test_agent_instructs_asks_a_correction_and_decides(page, second_page, live_server, procedure):
    from guichet.procedures.services import transitions
    from guichet.procedures.tests.test_services import complete_draft

    started = complete_draft(procedure)
    dossier = transitions.submit_dossier(dossier_id=started.dossier.pk, actor=None, channel=Channel.ONLINE)
    agent = member(Role.AGENT, organisation=procedure.organisation, username="instructrice")
    totp_device(agent)
    log_in(page, live_server, agent.username, PASSWORD, totp_user=agent)
    page.goto(f"{live_server.url}/instruction/")
    page.get_by_label("État").select_option(label="Déposé")
    page.get_by_role("button", name="Filtrer").click()
    check_page(page, "instruction-file")
    page.get_by_role("link", name=dossier.number).click()
    page.get_by_role("button", name="Suivre ce dossier").click()
    assert "Vous suivez ce dossier" in page.content()
    page.get_by_role("button", name="Commencer l'instruction").click()
    assert page.locator(".dossier-state").inner_text() == "En instruction"
    check_page(page, "instruction-dossier")
    page.get_by_label("Date de naissance").check(force=True)  # DSFR draws the radio over the input
    page.get_by_label("Explication pour la personne").fill("La date de naissance semble erronée.")
    page.get_by_role("button", name="Envoyer la demande").click()
    assert page.locator(".dossier-state").inner_text() == "À compléter"
    # The usager corrects only that field, from their own computer.
    usager = second_page
    usager.goto(f"{live_server.url}/suivi/")
    usager.get_by_label("Numéro de dossier").fill(dossier.number)
    usager.get_by_label("Code de suivi").fill(started.followup_code)
    usager.get_by_role("button", name="Voir mon dossier").click()
    check_page(usager, "usager-a-completer")
    usager.get_by_role("link", name="Corriger ou compléter maintenant").click()
    assert usager.get_by_label("Nom", exact=True).count() == 0  # only the named field is editable
    usager.get_by_label("Date de naissance").fill("1980-04-05")
    check_page(usager, "usager-correction")
    usager.get_by_role("button", name="Envoyer au service").click()
    assert usager.locator(".dossier-state").inner_text() == "Le service étudie votre demande"
    # The agent decides, with a motive the person reads.
    page.reload()
    page.get_by_label("Accepter").check(force=True)  # DSFR draws the radio over the input
    page.get_by_label("Motif, tel que la personne le lira").fill("Conditions remplies : aide accordée.")
    page.get_by_role("button", name="Enregistrer la décision").click()
    assert page.locator(".dossier-state").inner_text() == "Accepté"
    usager.reload()
    assert usager.locator(".dossier-state").inner_text() == "Acceptée"
    assert "Conditions remplies : aide accordée." in usager.content()
    check_page(usager, "usager-decision")
    dossier.refresh_from_db()
    assert dossier.state == DossierState.ACCEPTE
    assert dossier.answers["naissance"] == "1980-04-05" and dossier.answers["nom"] == "Camille Durand"


def test_usager_keeps_information_and_finds_it_again_for_the_next_procedure(page, live_server, procedure):
    from guichet.procedures.tests.test_folder import accepted_dossier_of

    user = UserFactory(username="paulette", email="paulette@exemple.fr")
    dossier = accepted_dossier_of(user)
    log_in(page, live_server, "paulette", PASSWORD)
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/")
    page.get_by_role("button", name="Conserver mes informations").click()
    assert "rien n'est conservé sans lui" in page.content()  # consent box not ticked: nothing kept
    page.get_by_label("J'accepte que ces informations soient conservées").check(force=True)
    page.get_by_role("button", name="Conserver mes informations").click()
    page.goto(f"{live_server.url}/mon-dossier-personnel/")
    assert "Camille Durand" in page.content()
    check_page(page, "dossier-personnel")
    page.goto(f"{live_server.url}/demarches/aide-test/")
    page.get_by_role("button", name="Commencer en ligne").click()
    check_page(page, "reprendre-informations")
    page.get_by_role("button", name="Pré-remplir avec ces informations").click()
    # Pre-filled, the draft is begun: its page shows the identity step done and offers what comes next.
    assert page.get_by_role("link", name=re.compile("^Continuer : ")).is_visible()
    page.locator(".progress-list").get_by_role("link", name="Identité").click()
    assert page.get_by_label("Nom", exact=True).input_value() == "Camille Durand"


def test_agent_prints_the_letters_of_usagers_who_chose_the_post(page, live_server, procedure):
    from guichet.procedures.services import transitions
    from guichet.procedures.tests.test_services import complete_draft

    started = complete_draft(procedure)
    Dossier.objects.filter(pk=started.dossier.pk).update(
        notify_by="letter", contact_address="4 rue des Lilas\n47300 Villeneuve-sur-Lot"
    )
    dossier = transitions.submit_dossier(dossier_id=started.dossier.pk, actor=None, channel=Channel.MAIL)
    agent = member(Role.AGENT, organisation=procedure.organisation, username="courrier")
    totp_device(agent)
    log_in(page, live_server, agent.username, PASSWORD, totp_user=agent)
    page.get_by_role("link", name="Courriers à poster").click()
    check_page(page, "courriers-a-poster")
    assert f"Accusé de réception de votre demande n° {dossier.number}" in page.content()
    href = page.get_by_role("link", name=re.compile("Imprimer")).first.get_attribute("href")
    pdf = page.request.get(f"{live_server.url}{href}")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    page.get_by_role("button", name=re.compile("Noter comme posté")).first.click()
    assert "Courrier noté comme posté." in page.content()
    assert "Aucun courrier en attente." in page.content()
