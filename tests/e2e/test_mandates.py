"""Mandates through the real pages: enrolment with 2FA, consent in person and by SMS, acting under mandate,
"Qui a agi pour moi ?", and a revocation that takes effect on a page left open. axe-core on each page."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django_otp.oath import TOTP

from guichet.accounts.models import Role, User
from guichet.accounts.tests.factories import PASSWORD, OrganisationFactory, UserFactory, member, totp_device
from guichet.core.channels import Channel
from guichet.core.journal import JournalEntry
from guichet.mandates.models import Mandate, MandateState
from guichet.mandates.services import mandates as mandate_services
from guichet.mandates.tests.factories import PDF, MandateFactory, habilitated_aidant
from guichet.procedures.models import Dossier, DossierState
from guichet.procedures.tests.factories import published_procedure
from tests.e2e.conftest import check_page, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def organisation():
    return OrganisationFactory(name="France Services de Villeneuve")


@pytest.fixture
def procedure():
    return published_procedure(OrganisationFactory(name="CCAS de Villeneuve"), slug="aide-test")


@pytest.fixture
def aidant(organisation):
    user = habilitated_aidant(organisation, username="moussa", first_name="Moussa", last_name="Diallo")
    totp_device(user)
    return user


@pytest.fixture
def pdf_file(tmp_path):
    path = tmp_path / "document.pdf"
    path.write_bytes(PDF)
    return path


def _log_in_aidant(page, live_server, aidant):
    log_in(page, live_server, aidant.username, PASSWORD, totp_user=aidant)
    page.wait_for_url("**/espace/aidant/")


def _prepare_mandate(page, live_server, *, first_name, last_name, phone=""):
    """From the aidant home: register a person without e-mail, then a mandate on the social theme."""
    page.get_by_role("link", name="Démarche pour une personne accompagnée").first.click()
    check_page(page, "mandat-choisir-personne")
    page.get_by_role("link", name=re.compile("Inscrire une nouvelle personne")).click()
    page.get_by_label("Prénom").fill(first_name)
    page.get_by_label("Nom", exact=True).fill(last_name)
    page.get_by_label("Date de naissance").fill("1948-03-02")
    if phone:
        page.get_by_label("Téléphone mobile").fill(phone)
    check_page(page, "mandat-inscrire-personne")
    page.get_by_role("button", name="Inscrire et préparer un mandat").click()
    page.get_by_label("Social, santé").check(force=True)  # DSFR draws the box over the input
    page.get_by_label("6 mois").check(force=True)
    check_page(page, "mandat-preparer")
    page.get_by_role("button", name="Voir le résumé à lire avec la personne").click()
    page.get_by_role("heading", name="Résumé à lire avec la personne").wait_for()
    check_page(page, "mandat-resume")
    mandate = Mandate.objects.get(usager__last_name=last_name)
    summary = page.request.get(f"{live_server.url}/mandats/{mandate.pk}/resume.pdf")
    assert summary.headers["content-type"] == "application/pdf" and summary.body().startswith(b"%PDF")
    return mandate


def _fill_dossier_and_submit(page, pdf_file):
    page.get_by_role("link", name="Remplir la demande").click()
    page.get_by_label("Nom", exact=True).fill("Jeannine Leroy")
    page.get_by_label("Date de naissance").fill("1948-03-02")
    page.get_by_label("Non", exact=True).check(force=True)
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_url("**/etape/banque/")
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_url("**/pieces/")
    page.locator("#file-identite_doc").set_input_files(str(pdf_file))
    page.get_by_role("button", name="Envoyer ce fichier").click()
    page.get_by_role("link", name="Continuer").click()
    page.wait_for_url("**/coordonnees/")
    page.get_by_label("Nom et prénom de la personne concernée").fill("Jeannine Leroy")
    page.get_by_label("Je consulterai le suivi moi-même", exact=True).check(force=True)
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_url("**/recapitulatif/")
    check_page(page, "mandat-dossier-recapitulatif")
    page.get_by_role("button", name="Déposer la demande").click()
    page.get_by_role("heading", name="Votre demande est déposée").wait_for()


def test_responsable_enrols_an_aidant_who_chooses_a_password_and_activates_totp(
    page, live_server, organisation, pdf_file
):
    responsable = member(Role.RESPONSABLE, organisation=organisation, username="sophie")
    totp_device(responsable)
    log_in(page, live_server, "sophie", PASSWORD, totp_user=responsable)
    page.wait_for_url("**/espace/responsable/")
    page.get_by_role("link", name="Aidants habilités et mandats").click()
    check_page(page, "aidants-liste-vide")
    page.get_by_role("link", name="Habiliter un aidant").click()
    page.get_by_label("Prénom").fill("Awa")
    page.get_by_label("Nom", exact=True).fill("Traoré")
    page.get_by_label("Adresse électronique professionnelle").fill("awa@exemple.fr")
    page.get_by_label("Date de la formation").fill("2026-02-01")
    page.get_by_label("Attestation de formation").set_input_files(str(pdf_file))
    page.get_by_label("L'aidant a lu et accepté la charte de l'aidant habilité").check(force=True)
    check_page(page, "aidant-habiliter")
    page.get_by_role("button", name="Habiliter").click()
    page.get_by_text("Awa Traoré est habilité").wait_for()
    check_page(page, "aidants-liste")
    link = re.search(r"https?://\S+/mot-de-passe/nouveau/\S+/", mail.outbox[-1].body).group(0)

    page.context.clear_cookies()
    page.goto(link)
    page.locator("#id_new_password1").fill("Un-mot-de-passe-solide-42")
    page.locator("#id_new_password2").fill("Un-mot-de-passe-solide-42")
    check_page(page, "aidant-mot-de-passe")
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    log_in(page, live_server, "awa@exemple.fr", "Un-mot-de-passe-solide-42")
    page.wait_for_url("**/double-authentification/activer/**")
    awa = User.objects.get(email="awa@exemple.fr")
    device = awa.totpdevice_set.get(confirmed=False)
    page.get_by_label("Code à usage unique").fill(f"{TOTP(device.bin_key).token():06d}")
    page.get_by_role("button", name="Activer").click()
    page.get_by_role("link", name="Continuer").click()
    page.goto(f"{live_server.url}/mandats/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mandats"
    check_page(page, "aidant-mandats")


def test_mandate_signed_on_screen_then_a_dossier_done_under_it_on_the_aidant_channel(
    page, live_server, aidant, procedure, pdf_file
):
    _log_in_aidant(page, live_server, aidant)
    mandate = _prepare_mandate(page, live_server, first_name="Jeannine", last_name="Leroy")
    page.locator("#id_ecran-identity_check").select_option("cni")
    page.get_by_label("J'ai lu ce que ce mandat permet et ne permet pas, et je donne mon accord").check(
        force=True
    )
    page.get_by_label("Signature : écrivez votre prénom et votre nom").fill("Jeannine Leroy")
    page.get_by_role("button", name="Signer le mandat").click()
    page.get_by_text("signé : il est en cours").wait_for()
    check_page(page, "mandat-signe")
    code = page.locator(".followup-code").all_inner_texts()[1]
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    signed = page.request.get(f"{live_server.url}/mandats/{mandate.pk}/mandat.pdf")
    assert signed.body().startswith(b"%PDF")
    mandate.refresh_from_db()
    assert mandate.state == MandateState.ACTIVE and mandate.consent_entry_hash

    page.get_by_role("button", name=f"Commencer {procedure.title}").click()
    check_page(page, "mandat-dossier-commence")
    _fill_dossier_and_submit(page, pdf_file)
    check_page(page, "mandat-accuse-de-reception")
    dossier = Dossier.objects.get(usager=mandate.usager)
    assert dossier.state == DossierState.DEPOSE and dossier.channel == Channel.AIDANT
    acts = JournalEntry.objects.filter(action="mandat.acte", mandate_id=mandate.pk)
    assert {a.data["etape"] for a in acts} >= {"commencer", "section", "documents", "contact", "review"}
    assert all(a.actor_id == aidant.pk and a.organisation_id == mandate.organisation_id for a in acts)


def test_mandate_consented_remotely_with_the_code_read_from_the_sms(page, live_server, aidant):
    _log_in_aidant(page, live_server, aidant)
    mandate = _prepare_mandate(
        page, live_server, first_name="Ahmed", last_name="Benali", phone="06 12 00 00 01"
    )
    # The code goes to the recorded mobile only: the aidant sees it masked and cannot type another one.
    page.get_by_text("06 •• •• •• 01").wait_for()
    assert page.get_by_label("Téléphone mobile de la personne").count() == 0
    page.get_by_role("button", name="Envoyer le code").click()
    page.get_by_text("Code envoyé par SMS").wait_for()
    sms = sorted(Path(settings.NOTIFICATIONS_DIR, "sms").glob("*.txt"))[-1].read_text(encoding="utf-8")
    assert "+33612000001" in sms
    code = re.search(r"code (\d{6})", sms).group(1)
    page.get_by_label("Code reçu par SMS").fill("000000" if code != "000000" else "111111")
    page.get_by_role("button", name="Valider le code").click()
    page.get_by_text("Il reste 4 essai(s)").first.wait_for()
    check_page(page, "mandat-code-errone")
    page.get_by_label("Code reçu par SMS").fill(code)
    page.get_by_role("button", name="Valider le code").click()
    page.get_by_text("signé : il est en cours").wait_for()
    check_page(page, "mandat-signe-sms")
    mandate.refresh_from_db()
    assert mandate.state == MandateState.ACTIVE and mandate.consent_method == "sms"


def test_usager_sees_who_acted_for_them_and_revokes(page, live_server, aidant, organisation, procedure):
    from guichet.mandates.services import acting

    usager = UserFactory(username="jeannine", first_name="Jeannine", last_name="Leroy")
    mandate = MandateFactory(organisation=organisation, usager=usager, created_by=aidant)
    started = acting.start_under_mandate(mandate=mandate, aidant=aidant, procedure=procedure)
    log_in(page, live_server, "jeannine", PASSWORD)
    page.get_by_role("link", name="Qui a agi pour moi ?").click()
    check_page(page, "qui-a-agi-pour-moi")
    content = page.content()
    assert "Moussa Diallo" in content and "France Services de Villeneuve" in content
    assert started.dossier.number in content and mandate.reference in content
    page.get_by_role("button", name=f"Révoquer {mandate.reference}").click()
    page.get_by_text("est révoqué").wait_for()
    check_page(page, "qui-a-agi-pour-moi-revoque")
    mandate.refresh_from_db()
    assert mandate.state == MandateState.REVOKED


def test_revocation_takes_effect_on_a_page_left_open(page, live_server, aidant, organisation, procedure):
    usager = UserFactory(first_name="Jeannine", last_name="Leroy", email="")
    mandate = MandateFactory(organisation=organisation, usager=usager, created_by=aidant)
    _log_in_aidant(page, live_server, aidant)
    page.goto(f"{live_server.url}/mandats/{mandate.pk}/")
    page.get_by_role("button", name=f"Commencer {procedure.title}").click()
    page.get_by_role("link", name="Remplir la demande").click()
    page.get_by_label("Nom", exact=True).wait_for()
    mandate_services.revoke_mandate(mandate=mandate, by=usager, revoked_as="usager")
    page.get_by_label("Nom", exact=True).fill("Saisi après la révocation")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.get_by_text("a été révoqué le").wait_for()
    check_page(page, "mandat-revoque-page-ouverte")
    dossier = Dossier.objects.get(usager=usager)
    assert dossier.answers.get("nom") != "Saisi après la révocation"
    assert JournalEntry.objects.filter(action="mandat.refus", mandate_id=mandate.pk).exists()


def test_legal_representative_declares_the_measure_and_starts_a_dossier_in_their_own_name(
    page, second_page, live_server, procedure, pdf_file
):
    UserFactory(username="marie", first_name="Marie", last_name="Leroy")
    log_in(page, live_server, "marie", PASSWORD)
    page.get_by_role("link", name="Je représente une personne").click()
    page.get_by_label("Tuteur ou tutrice d'un majeur protégé").check(force=True)
    page.get_by_label("Prénom de la personne représentée").fill("Paul")
    page.get_by_label("Nom de la personne représentée", exact=True).fill("Leroy")
    page.get_by_label("Sa date de naissance").fill("1950-01-01")
    page.get_by_label("Le justificatif (jugement, livret de famille…)").set_input_files(str(pdf_file))
    page.get_by_label("Fin de la mesure (tutelle ou curatelle)").fill("2031-01-01")
    page.get_by_label("Structure où vous montrerez l'original du justificatif").select_option(
        label=procedure.organisation.name
    )
    check_page(page, "representation-declarer")
    page.get_by_role("button", name="Enregistrer la représentation").click()
    page.get_by_text("en attente de vérification").wait_for()
    check_page(page, "representation-en-attente")
    assert page.get_by_role("button", name="Commencer la démarche").count() == 0

    agent = member(Role.AGENT, organisation=procedure.organisation, username="claire")
    totp_device(agent)
    second_page.goto(f"{live_server.url}/")
    log_in(second_page, live_server, "claire", PASSWORD, totp_user=agent)
    second_page.goto(f"{live_server.url}/instruction/representations/")
    check_page(second_page, "representations-a-verifier")
    second_page.get_by_role("button", name=re.compile("J'ai vu l'original")).click()
    second_page.get_by_text("Représentation vérifiée").wait_for()

    page.reload()
    check_page(page, "representation-liste")
    page.get_by_role("button", name="Commencer la démarche").click()
    page.get_by_role("link", name="Remplir la demande").wait_for()
    dossier = Dossier.objects.get(usager__first_name="Paul")
    assert dossier.created_by.username == "marie"
    assert JournalEntry.objects.filter(action="representation.acte", subject_id=str(dossier.pk)).exists()


def test_a_suspended_aidant_is_told_why(page, live_server, aidant):
    aidant.habilitations.update(status="suspendue")
    _log_in_aidant(page, live_server, aidant)
    page.get_by_role("link", name="Mandats", exact=True).click()
    page.get_by_text("Votre habilitation d'aidant est suspendue").wait_for()
    check_page(page, "aidant-suspendu")


def test_person_without_account_follows_and_revokes_with_the_code_of_their_copy(
    page, live_server, aidant, organisation, procedure
):
    from guichet.mandates.services import acting, consent

    usager = UserFactory(first_name="Jeannine", last_name="Leroy", email="")
    draft = mandate_services.create_mandate(
        usager=usager,
        organisation=organisation,
        by=aidant,
        categories=["social"],
        procedure_ids=[],
        duration="1m",
    )
    result = consent.consent_in_person(
        mandate=draft,
        by=aidant,
        identity_check="cni",
        method="ecran",
        signed=True,
        signature_name="Jeannine Leroy",
    )
    started = acting.start_under_mandate(mandate=result.mandate, aidant=aidant, procedure=procedure)
    page.goto(f"{live_server.url}/mandats/revoquer/")
    page.get_by_label("Numéro du mandat").fill(draft.reference)
    page.get_by_label("Code de suivi du mandat").fill(result.followup_code)
    check_page(page, "mandat-suivi-code")
    page.get_by_role("button", name="Voir mon mandat").click()
    page.get_by_role("heading", name=f"Mon mandat {draft.reference}").wait_for()
    assert started.dossier.number in page.content() and "Moussa Diallo" in page.content()
    check_page(page, "mandat-suivi")
    page.get_by_role("button", name="Révoquer ce mandat maintenant").click()
    page.get_by_text("est révoqué").wait_for()
    check_page(page, "mandat-suivi-revoque")
    assert Mandate.objects.get(pk=draft.pk).state == MandateState.REVOKED
