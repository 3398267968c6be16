"""Mediation in a real browser: an aidant records a session and runs the two-autonomies diagnostic,
then a responsable reads the charts and downloads the CSV. Every page passes axe-core."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from guichet.accounts.models import Role, User
from guichet.accounts.tests.factories import PASSWORD, OrganisationFactory, member, totp_device
from guichet.mediation import diagnostic as diag
from guichet.mediation.models import Diagnostic, FollowedPerson, MediationSession
from guichet.mediation.tests.factories import aidant_of, diagnostic, session
from tests.e2e.conftest import ARTIFACTS, check_page, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def organisation():
    return OrganisationFactory(name="France Services de Villeneuve")


@pytest.fixture
def aidant(organisation):
    user = aidant_of(organisation, username="e2e-aidant", first_name="Moussa", last_name="Diallo")
    totp_device(user)
    return user


def _answer_diagnostic(page, digital_choice: str, administrative_choice: str):
    """Each question is a fieldset named by its label; DSFR draws the radio over the input."""
    for question in diag.QUESTIONS:
        choice = digital_choice if question["autonomy"] == diag.Autonomy.DIGITAL else administrative_choice
        page.get_by_role("group", name=str(question["label"])).get_by_label(choice, exact=True).check(
            force=True
        )


def test_aidant_records_a_session_runs_a_diagnostic_and_sees_the_history(page, live_server, aidant):
    log_in(page, live_server, aidant.username, PASSWORD, totp_user=aidant)
    page.goto(f"{live_server.url}/mediation/")
    check_page(page, "mediation-accueil-vide")

    page.get_by_role("link", name="Enregistrer une nouvelle personne").first.click()
    page.get_by_role("button", name="Enregistrer la personne").click()
    check_page(page, "mediation-personne-erreurs")
    page.get_by_label("Prénom").fill("Jeanne")
    page.get_by_label("Nom", exact=True).fill("Leroy")
    page.get_by_label("Date de naissance").fill("1946-03-12")
    page.get_by_role("button", name="Enregistrer la personne").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Jeanne Leroy"
    person = User.objects.get(first_name="Jeanne", last_name="Leroy")
    assert person.email == ""

    page.get_by_role("link", name="Enregistrer un accompagnement").click()
    check_page(page, "mediation-accompagnement")
    page.get_by_label("Logement", exact=True).check(force=True)
    page.get_by_label("Argent, impôts", exact=True).check(force=True)
    page.get_by_label("Par téléphone", exact=True).check(force=True)
    page.get_by_label("Temps passé, en minutes").fill("40")
    page.get_by_label("À poursuivre (nouveau rendez-vous)", exact=True).check(force=True)
    page.get_by_label("Note courte").fill("Revenir avec l'avis d'imposition")
    page.get_by_role("button", name="Enregistrer l'accompagnement").click()
    assert "L'accompagnement est enregistré." in page.content()
    assert MediationSession.objects.get().minutes == 40

    # A first diagnostic two months ago, to compare with.
    diagnostic(aidant, person, 0, 1, taken_at=timezone.now() - datetime.timedelta(days=60))
    page.get_by_role("link", name="Faire le diagnostic des deux autonomies").click()
    check_page(page, "mediation-diagnostic")
    page.get_by_role("button", name="Voir le résultat").click()
    check_page(page, "mediation-diagnostic-erreurs")
    _answer_diagnostic(page, "Seul, mais avec difficulté", "Plutôt oui")
    page.get_by_role("button", name="Voir le résultat").click()
    page.wait_for_url("**/mediation/diagnostics/**")
    scores = page.locator(".autonomy-score").all_inner_texts()
    assert [text.split(" — ")[0] for text in scores] == ["67 sur 100", "67 sur 100"]
    assert page.get_by_text("+67 points").count() == 1 and page.get_by_text("+34 points").count() == 1
    assert page.get_by_role("button", name="Imprimer ce résultat").is_visible()
    check_page(page, "mediation-diagnostic-resultat")
    page.emulate_media(media="print")
    assert not page.get_by_role("button", name="Imprimer ce résultat").is_visible()
    assert not page.locator("header").first.is_visible()
    page.screenshot(path=str(ARTIFACTS / "mediation-diagnostic-impression.png"), full_page=True)
    page.emulate_media(media="screen")

    page.get_by_role("link", name="Retour à la fiche de la personne").click()
    history = page.get_by_role(
        "table", name="Diagnostics, du plus ancien au plus récent, avec l'évolution de chaque autonomie"
    )
    assert history.get_by_role("row").count() == 3
    assert "+67 points" in history.inner_text()
    check_page(page, "mediation-fiche-personne")
    page.goto(f"{live_server.url}/mediation/")
    assert page.get_by_role("link", name="Jeanne Leroy").count() >= 1
    check_page(page, "mediation-accueil")
    assert Diagnostic.objects.count() == 2


def test_responsable_sees_charts_and_downloads_the_csv(page, live_server, organisation, aidant):
    person = User.objects.create(username="jeanne", first_name="Jeanne", last_name="Leroy")
    FollowedPerson.objects.create(organisation=organisation, person=person)
    session(aidant, person, themes=["logement"], minutes=30)
    session(aidant, person, themes=["social", "logement"], minutes=45, channel="phone")
    responsable = member(Role.RESPONSABLE, organisation=organisation, username="e2e-responsable")
    totp_device(responsable)
    log_in(page, live_server, responsable.username, PASSWORD, totp_user=responsable)
    page.goto(f"{live_server.url}/mediation/rapports/")
    assert page.locator("svg.bar-chart").count() == 3
    themes = page.get_by_role("table", name="Accompagnements par thème")
    assert "Logement" in themes.inner_text() and "2" in themes.inner_text()
    assert "Jeanne" not in page.content()
    check_page(page, "mediation-rapport")
    with page.expect_download() as download_info:
        page.get_by_role(
            "link", name="Télécharger les accompagnements de la période (CSV, pour un tableur)"
        ).click()
    content = Path(download_info.value.path()).read_bytes()
    assert content.startswith(b"\xef\xbb\xbfDate;Organisation;Aidant")
    assert content.decode("utf-8-sig").count("\r\n") == 3
    page.get_by_label("Ou bien : premier jour").fill("2020-01-01")
    page.get_by_label("Dernier jour").fill("2020-01-31")
    page.get_by_role("button", name="Afficher").click()
    assert "Aucune donnée sur la période." in page.content()
    check_page(page, "mediation-rapport-vide")


def test_aidant_records_a_session_without_javascript(page_without_js, live_server, aidant, organisation):
    page = page_without_js
    person = User.objects.create(username="paul", first_name="Paul", last_name="Martin")
    FollowedPerson.objects.create(organisation=organisation, person=person)
    log_in(page, live_server, aidant.username, PASSWORD, totp_user=aidant)
    page.goto(f"{live_server.url}/mediation/personnes/")
    page.get_by_label("Nom, prénom ou téléphone").fill("martin")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("link", name="Paul Martin").click()
    page.get_by_role("link", name="Enregistrer un accompagnement").click()
    page.get_by_label("Papiers, citoyenneté", exact=True).check(force=True)
    page.get_by_label("Temps passé, en minutes").fill("15")
    page.get_by_label("Démarche aboutie", exact=True).check(force=True)
    page.get_by_role("button", name="Enregistrer l'accompagnement").click()
    assert "L'accompagnement est enregistré." in page.content()
    assert MediationSession.objects.get(person=person).themes.get().theme == "papiers"
    # axe-core needs scripts: the same pages are checked with scripts on in the test above.
    page.screenshot(path=str(ARTIFACTS / "mediation-sans-javascript.png"), full_page=True)
