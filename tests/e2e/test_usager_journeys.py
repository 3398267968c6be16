"""Issue 19: the usager's journeys unblocked, each on the condition where it failed.

A correction asking for a figure and a document completed online (JavaScript on and off, the typed amount
kept) and at the counter; an online request filed without its identity document, its receipt listing it;
« Qui a agi pour moi ? » opened with a mandate's number and code. Screenshots at 360 and 1280 px.
"""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import PASSWORD, OrganisationFactory, UserFactory, member, totp_device
from guichet.core.channels import Channel
from guichet.mandates.services import acting, consent, mandates
from guichet.mandates.tests.factories import habilitated_aidant
from guichet.procedures.models import Dossier, DossierState
from guichet.procedures.services import drafts, transitions
from guichet.procedures.tests.factories import PDF, published_procedure
from tests.e2e.conftest import ARTIFACTS, check_page, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PLACES = (Path(__file__).resolve().parents[2] / "guichet/places/data/demo-lieux.csv").read_bytes()

WITH_RESOURCES = {
    "sections": [
        {
            "key": "situation",
            "title": "Votre situation",
            "fields": [
                {"key": "nom", "type": "text", "label": "Nom", "required": True},
                {
                    "key": "ressources",
                    "type": "number",
                    "label": "Ressources du mois (en euros)",
                    "required": True,
                },
            ],
        }
    ],
    "documents": [
        {"key": "identite_doc", "label": "Pièce d'identité", "required": True, "accept": ["pdf"]},
        {
            "key": "justificatif_ressources",
            "label": "Justificatif de ressources",
            "required": False,
            "accept": ["pdf"],
        },
    ],
}


@pytest.fixture
def procedure():
    organisation = OrganisationFactory(
        name="CCAS de Villeneuve",
        address="12 rue de la Mairie\n47300 Villeneuve-sur-Lot",
        phone="+33553000001",
    )
    return published_procedure(organisation, definition=WITH_RESOURCES, slug="aide-ressources")


@pytest.fixture
def pdf_file(tmp_path):
    path = tmp_path / "bulletin-de-salaire.pdf"
    path.write_bytes(PDF)
    return path


def _deposited_then_asked(procedure, agent_name="agent-ccas"):
    """A dossier deposited online with an old proof of resources; the agent asks for the figure and a new proof."""
    started = drafts.start_dossier(procedure=procedure, channel=Channel.ONLINE)
    dossier = started.dossier
    drafts.save_answers(dossier_id=dossier.pk, values={"nom": "Awa Traoré", "ressources": "900"})
    drafts.set_contact(
        dossier_id=dossier.pk,
        contact_name="Awa Traoré",
        contact_email="",
        contact_phone="",
        contact_address="3 rue Haute\n47300 Villeneuve-sur-Lot",
        notify_by="letter",
    )
    for slot in ("identite_doc", "justificatif_ressources"):
        drafts.add_attachment(
            dossier_id=dossier.pk,
            slot_key=slot,
            uploaded_file=SimpleUploadedFile(f"ancien-{slot}.pdf", PDF),
            channel=Channel.ONLINE,
        )
    transitions.submit_dossier(dossier_id=dossier.pk, actor=None, channel=Channel.ONLINE)
    agent = member(Role.AGENT, organisation=procedure.organisation, username=agent_name)
    transitions.request_correction(
        dossier_id=dossier.pk,
        actor=agent,
        fields=["ressources"],
        documents=["justificatif_ressources"],
        message="Le montant ne correspond pas au bulletin : envoyez le bulletin du dernier mois.",
    )
    return Dossier.objects.get(pk=dossier.pk), started.followup_code, agent


def _open_followup(page, live_server, dossier, code):
    page.goto(f"{live_server.url}/suivi/")
    page.get_by_label("Numéro de dossier").fill(dossier.number)
    page.get_by_label("Code de suivi").fill(code)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**/dossiers/{dossier.pk}/")


@pytest.mark.parametrize("javascript", [True, False], ids=["avec-js-1280", "sans-js-360"])
def test_a_correction_asking_for_a_figure_and_a_document_is_completed_online_and_keeps_the_amount(
    page, page_without_js, live_server, procedure, pdf_file, javascript
):
    dossier, code, _agent = _deposited_then_asked(procedure)
    browser_page = page if javascript else page_without_js
    width = 1280 if javascript else 360
    label = "avec-js-1280" if javascript else "sans-js-360"
    browser_page.set_viewport_size({"width": width, "height": 900})
    _open_followup(browser_page, live_server, dossier, code)
    browser_page.get_by_role("link", name="Corriger ou compléter maintenant").click()
    browser_page.wait_for_url("**/corriger/")
    browser_page.get_by_label("Ressources du mois (en euros)").fill("1240")
    browser_page.screenshot(path=str(ARTIFACTS / f"correction-{label}.png"), full_page=True)
    # Sent without the new proof: refused by its label, the amount typed still there.
    browser_page.get_by_role("button", name="Envoyer au service").click()
    summary = browser_page.locator(".error-summary")
    assert "« Justificatif de ressources »" in summary.inner_text()
    assert "justificatif_ressources" not in summary.inner_text()
    assert browser_page.get_by_label("Ressources du mois (en euros)").input_value() == "1240"
    browser_page.screenshot(path=str(ARTIFACTS / f"correction-erreur-{label}.png"), full_page=True)
    if javascript:
        assert page.evaluate("document.activeElement.classList.contains('error-summary')")
        check_page(page, "correction-erreur-1280")
    summary.get_by_role("link").first.click()  # the error link leads to the file input
    assert browser_page.evaluate("document.activeElement.id") == "id_piece-justificatif_ressources"
    browser_page.locator("#id_piece-justificatif_ressources").set_input_files(str(pdf_file))
    browser_page.get_by_role("button", name="Envoyer au service").click()
    # The browser keeps the error link's #fragment across the redirect.
    browser_page.wait_for_url(re.compile(rf"/dossiers/{dossier.pk}/(#.*)?$"))
    assert "Compléments envoyés au service" in browser_page.content()
    dossier.refresh_from_db()
    assert dossier.state == DossierState.EN_INSTRUCTION and dossier.answers["ressources"] == "1240"
    assert dossier.attachments.filter(original_name="bulletin-de-salaire.pdf").exists()
    if not javascript:
        # axe-core needs JavaScript: the correction page, checked at 360 px where it runs.
        page.set_viewport_size({"width": 360, "height": 900})
        other, other_code, _ = _deposited_then_asked(procedure, "agent-ccas-2")
        _open_followup(page, live_server, other, other_code)
        page.goto(f"{live_server.url}/dossiers/{other.pk}/corriger/")
        check_page(page, "correction-360")


def test_the_agent_records_the_document_brought_to_the_counter(page, live_server, procedure, pdf_file):
    dossier, _code, agent = _deposited_then_asked(procedure)
    totp_device(agent)
    log_in(page, live_server, agent.username, PASSWORD, totp_user=agent)
    page.goto(f"{live_server.url}/instruction/dossiers/{dossier.pk}/")
    assert "Pièces pas encore reçues" in page.content()
    page.get_by_role("link", name="Saisir les compléments reçus").click()
    page.wait_for_url("**/corriger/")
    # The figure as people write it, the new proof chosen, but not said how it came: nothing is sent,
    # the figure stays on the page, and the page says what to choose.
    page.get_by_label("Ressources du mois (en euros)").fill("1 240")
    page.locator("#id_piece-justificatif_ressources").set_input_files(str(pdf_file))
    check_page(page, "correction-guichet-1280")
    page.get_by_role("button", name="Envoyer au service").click()
    assert "Comment ces éléments sont-ils arrivés" in page.locator(".error-summary").inner_text()
    assert page.get_by_label("Ressources du mois (en euros)").input_value() == "1 240"
    check_page(page, "correction-guichet-erreur-1280")
    page.get_by_role("radio", name="Au guichet").check(force=True)  # DSFR draws the radio over the input
    page.locator("#id_piece-justificatif_ressources").set_input_files(str(pdf_file))
    page.get_by_role("button", name="Envoyer au service").click()
    page.wait_for_url(f"**/instruction/dossiers/{dossier.pk}/")
    dossier.refresh_from_db()
    assert dossier.state == DossierState.EN_INSTRUCTION and dossier.answers["ressources"] == "1 240"
    attachment = dossier.attachments.get(original_name="bulletin-de-salaire.pdf")
    assert attachment.channel == Channel.COUNTER
    check_page(page, "dossier-agent-apres-guichet")


@pytest.mark.parametrize("width", [360, 1280])
def test_an_online_request_is_filed_without_its_identity_document_and_the_receipt_lists_it(
    page_without_js, page, live_server, procedure, width
):
    nojs = page_without_js
    nojs.set_viewport_size({"width": width, "height": 900})
    nojs.goto(f"{live_server.url}/demarches/aide-ressources/")
    nojs.get_by_role("button", name="Commencer").first.click()
    nojs.wait_for_url("**/commence/")
    dossier = Dossier.objects.get()
    nojs.goto(f"{live_server.url}/dossiers/{dossier.pk}/etape/situation/")
    nojs.get_by_label("Nom", exact=True).fill("Awa Traoré")
    nojs.get_by_label("Ressources du mois (en euros)").fill("900")
    nojs.get_by_role("button", name="Continuer").click()
    nojs.wait_for_url("**/pieces/")
    nojs.get_by_text("Je n'ai pas ce papier maintenant").first.click()
    nojs.get_by_label("Je l'apporterai au guichet").check(force=True)
    nojs.screenshot(path=str(ARTIFACTS / f"piece-plus-tard-{width}.png"), full_page=True)
    nojs.get_by_role("button", name="Continuer sans ce papier").click()
    assert "Vous avez indiqué" in nojs.content()
    nojs.get_by_role("link", name="Continuer").click()
    nojs.wait_for_url("**/coordonnees/")
    nojs.get_by_label("Nom et prénom de la personne concernée").fill("Awa Traoré")
    nojs.get_by_label("Par courrier postal", exact=True).check(force=True)
    nojs.get_by_label("Adresse postale").fill("3 rue Haute\n47300 Villeneuve-sur-Lot")
    nojs.get_by_role("button", name="Continuer").click()
    nojs.wait_for_url("**/recapitulatif/")
    assert "Papiers que vous apporterez plus tard" in nojs.content()
    nojs.screenshot(path=str(ARTIFACTS / f"recapitulatif-piece-plus-tard-{width}.png"), full_page=True)
    nojs.get_by_role("button", name="Déposer la demande").click()
    nojs.wait_for_url("**/accuse-de-reception/")
    content = nojs.locator("main").inner_text()
    assert (
        "Votre demande est incomplète" in content
        and "Pièce d'identité (je l'apporterai au guichet)" in content
    )
    nojs.screenshot(path=str(ARTIFACTS / f"accuse-incomplet-{width}.png"), full_page=True)
    dossier.refresh_from_db()
    assert dossier.state == DossierState.A_COMPLETER and dossier.received_at is not None
    # axe-core needs JavaScript: the same pages of another draft, checked where it runs.
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/demarches/aide-ressources/")
    page.get_by_role("button", name="Commencer").first.click()
    page.wait_for_url("**/commence/")
    other = Dossier.objects.exclude(pk=dossier.pk).get()
    page.goto(f"{live_server.url}/dossiers/{other.pk}/pieces/")
    page.get_by_text("Je n'ai pas ce papier maintenant").first.click()
    check_page(page, f"piece-plus-tard-axe-{width}")


@pytest.mark.parametrize("width", [360, 1280])
def test_who_acted_for_me_opens_with_the_mandate_number_and_code_without_an_account(page, live_server, width):

    organisation = OrganisationFactory(name="France Services de Villeneuve", phone="+33553000002")
    aidant = habilitated_aidant(organisation, first_name="Moussa", last_name="Diallo")
    person = UserFactory(first_name="Jeannine", last_name="Leroy", email="", phone="+33612345678")
    draft = mandates.create_mandate(
        usager=person,
        organisation=organisation,
        by=aidant,
        categories=["social"],
        procedure_ids=[],
        duration="1m",
    )
    result = consent.consent_in_person(
        mandate=draft, by=aidant, identity_check="cni", method="ecran", signed=True, signature_name="J Leroy"
    )
    procedure = published_procedure(OrganisationFactory(name="CCAS"), slug="aide-mandat")
    started = acting.start_under_mandate(mandate=result.mandate, aidant=aidant, procedure=procedure)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Qui a agi pour moi ?").first.click()
    page.wait_for_url("**/qui-a-agi-pour-moi/")
    check_page(page, f"qui-a-agi-code-{width}")
    page.get_by_label("Numéro du mandat").fill(draft.reference)
    page.get_by_label("Code de suivi du mandat").fill(result.followup_code.lower())
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**/mandats/{draft.pk}/suivi/")
    content = page.content()
    assert started.dossier.number in content and "Moussa" in content
    check_page(page, f"qui-a-agi-mandat-{width}")


@pytest.mark.parametrize("width", [360, 1280])
def test_a_screening_result_reopens_in_another_browser_with_its_number_and_code(
    page, second_page, live_server, width
):
    from guichet.places.services import imports

    imports.import_places(data=PLACES, source="demo")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/droits/")
    page.get_by_role("button", name="Commencer la simulation").click()
    page.get_by_label("Non", exact=True).check(force=True)
    page.get_by_label("Combien d'enfants vivent avec vous").fill("0")
    page.get_by_label("Combien d'autres adultes vivent avec vous").fill("0")
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label("Date de naissance").fill("01/01/1950")
    page.get_by_label("Retraité").check(force=True)
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label("Retraites et pensions reçues ces 3 derniers mois").fill("2 100")
    page.get_by_role("button", name="Continuer").click()
    # Postal code and town, never an INSEE code; a postal code several communes share offers them.
    assert "INSEE" not in page.locator("main").inner_text()
    page.get_by_label("Code postal").fill("47300")
    page.get_by_label("Ville ou village").fill("Villeneuv")
    page.get_by_label("Hébergé gratuitement").check(force=True)
    page.get_by_role("button", name="Voir mes droits").click()
    assert "Plusieurs communes ont le code postal 47300" in page.locator("main").inner_text()
    check_page(page, f"droits-choix-commune-{width}")
    page.get_by_label("Villeneuve-sur-Lot").check(force=True)
    page.get_by_role("button", name="Voir mes droits").click()
    page.wait_for_url("**/resultats/")
    page.get_by_role("button", name="Obtenir un numéro et un code").click()
    page.wait_for_url("**/resultats/#code-simulation")
    codes = page.locator("#code-simulation .followup-code").all_inner_texts()
    reference, code = codes[0], codes[1]
    check_page(page, f"droits-code-{width}")
    other = second_page
    other.set_viewport_size({"width": width, "height": 900})
    assert other.goto(page.url.split("#")[0]).status == 404
    other.goto(f"{live_server.url}/droits/")
    other.get_by_role("link", name="Retrouver une simulation avec son numéro et son code").click()
    other.get_by_label("Numéro de la simulation").fill(reference)
    other.locator("#id_code").fill(code)
    other.locator("main button[type=submit]").click()
    other.wait_for_url("**/resultats/")
    assert "Allocation de solidarité aux personnes âgées (ASPA)" in other.content()
    check_page(other, f"droits-retrouvee-{width}")
    # « Être aidé » leads to real places near the household, with today's hours (issue 15, item 5).
    other.get_by_role("link", name="Voir les lieux d'aide près de chez vous, avec leurs horaires").click()
    other.wait_for_url("**/lieux/**")
    assert "France Services de Villeneuve-sur-Lot" in other.locator("main").inner_text()
    check_page(other, f"droits-lieux-{width}")
