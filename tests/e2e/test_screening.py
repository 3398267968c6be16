"""Rights screening journeys through the real pages, with axe-core on each page checked."""

import re

import pytest

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import OrganisationFactory, member, totp_device
from guichet.procedures.models import Dossier
from guichet.procedures.tests.factories import published_procedure
from guichet.screening.models import Questionnaire
from guichet.screening.tests.conftest import openfisca_system  # noqa: F401 — the engine loaded once per session
from tests.e2e.conftest import check_page, log_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("openfisca_system"),
]

HOUSING_AID = {
    "prestations": ["aides_logement"],
    "sections": [
        {
            "key": "situation",
            "title": "Votre situation",
            "fields": [
                {"key": "date_naissance", "type": "date", "label": "Date de naissance", "required": True},
                {"key": "loyer", "type": "number", "label": "Loyer mensuel", "required": False},
            ],
        }
    ],
}


def _continue(page):
    page.get_by_role("button", name=re.compile("^(Continuer|Voir mes droits)$")).click()


def _household(page, *, couple: bool, children: int):
    page.get_by_label("Oui" if couple else "Non", exact=True).check(force=True)
    page.get_by_label("Combien d'enfants vivent avec vous").fill(str(children))
    page.get_by_label("Combien d'autres adultes vivent avec vous").fill("0")


def _housing_by_postal_code(page, rent="450"):
    page.get_by_label("Code postal").fill("47300")
    page.get_by_label("Ville ou village").fill("Villeneuve-sur-Lot")
    page.get_by_label("Locataire d'un logement vide (non meublé)").check(force=True)
    page.get_by_label("Loyer mensuel hors charges").fill(rent)


def test_a_person_alone_screens_their_rights_and_opens_the_matching_procedure(page, live_server):
    procedure = published_procedure(OrganisationFactory(name="CCAS de Villeneuve"), definition=HOUSING_AID)
    page.goto(f"{live_server.url}/droits/")
    check_page(page, "droits-accueil")
    page.get_by_role("button", name="Commencer la simulation").click()
    page.wait_for_url("**/foyer/")
    check_page(page, "droits-foyer")
    _household(page, couple=False, children=0)
    _continue(page)
    page.wait_for_url("**/personne-0/")
    page.get_by_label("Date de naissance").fill("31/02/1990")
    page.get_by_label("Demandeur d'emploi").check(force=True)
    _continue(page)
    assert "Écrivez une date réelle au format JJ/MM/AAAA" in page.content()
    assert page.get_by_label("Demandeur d'emploi").is_checked()  # nothing typed is lost
    check_page(page, "droits-personne-erreur")
    page.get_by_label("Date de naissance").fill("14/03/1990")
    _continue(page)
    page.wait_for_url("**/ressources-0/")
    page.get_by_label("Allocations chômage reçues ces 3 derniers mois").fill("1 500")
    check_page(page, "droits-ressources")
    _continue(page)
    page.wait_for_url("**/logement/")
    _housing_by_postal_code(page)
    check_page(page, "droits-logement")
    _continue(page)
    page.wait_for_url("**/resultats/")
    page.get_by_role("heading", name="Vos droits estimés").wait_for()
    content = page.content()
    assert "Revenu de solidarité active (RSA)" in content and "caf.fr" in content
    check_page(page, "droits-resultats")
    questionnaire = Questionnaire.objects.get()
    pdf = page.request.get(f"{live_server.url}/droits/{questionnaire.pk}/resume.pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.body().startswith(b"%PDF")
    page.get_by_role("button", name=re.compile("Faire la demande « Aide de test »")).click()
    page.wait_for_url("**/commence/")
    dossier = Dossier.objects.get(procedure_version__procedure=procedure)
    assert dossier.answers["date_naissance"] == "1990-03-14" and dossier.answers["loyer"] == "450,00"
    check_page(page, "droits-demarche-preremplie")


def test_the_questionnaire_works_without_javascript(page_without_js, live_server):
    page = page_without_js
    page.goto(f"{live_server.url}/droits/")
    page.get_by_role("button", name="Commencer la simulation").click()
    _household(page, couple=False, children=0)
    _continue(page)
    page.get_by_label("Date de naissance").fill("01/01/1950")
    page.get_by_label("Retraité").check(force=True)
    page.get_by_role("button", name="Enregistrer et reprendre plus tard").click()
    assert "Réponses enregistrées" in page.content()
    page.goto(f"{live_server.url}/droits/")
    page.get_by_role("link", name=re.compile("reprendre")).click()
    page.goto(page.url.replace("/foyer/", "/personne-0/"))
    assert page.get_by_label("Date de naissance").input_value() == "01/01/1950"
    _continue(page)
    page.get_by_label("Retraites et pensions reçues ces 3 derniers mois").fill("2 100")
    _continue(page)
    page.get_by_label("Code postal").fill("47300")
    page.get_by_label("Ville ou village").fill("Villeneuve-sur-Lot")
    page.get_by_label("Hébergé gratuitement").check(force=True)
    _continue(page)
    page.wait_for_url("**/resultats/")
    assert "Allocation de solidarité aux personnes âgées (ASPA)" in page.content()


def test_an_aidant_screens_the_rights_of_a_family_with_them(page, live_server):
    organisation = OrganisationFactory(name="France Services de Villeneuve")
    aidant = member(Role.AIDANT, organisation=organisation, username="e2e-aidant")
    totp_device(aidant)
    from guichet.accounts.tests.factories import PASSWORD

    log_in(page, live_server, aidant.username, PASSWORD, totp_user=aidant)
    page.wait_for_url("**/espace/aidant/")
    page.goto(f"{live_server.url}/droits/")
    page.get_by_role("button", name="Faire la simulation avec une personne que j'accompagne").click()
    page.wait_for_url("**/foyer/")
    assert "Simulation avec un aidant" in page.content()
    check_page(page, "droits-aidant-foyer")
    _household(page, couple=True, children=2)
    _continue(page)
    page.wait_for_url("**/personne-0/")
    assert page.locator(".steps-nav li").count() == 8
    page.get_by_label("Date de naissance").fill("02/02/1985")
    page.get_by_label("En emploi").check(force=True)
    _continue(page)
    page.get_by_label("Salaires nets reçus ces 3 derniers mois").fill("3 600")
    _continue(page)
    page.get_by_label("Date de naissance").fill("10/10/1987")
    page.get_by_label("Sans activité").check(force=True)
    _continue(page)
    _continue(page)  # no resources for the partner
    page.get_by_label("Date de naissance").fill("01/09/2013")
    page.get_by_label("Au collège", exact=True).check(force=True)
    check_page(page, "droits-aidant-enfant")
    _continue(page)
    page.get_by_label("Date de naissance").fill("05/05/2023")
    _continue(page)
    _housing_by_postal_code(page, rent="620")
    _continue(page)
    page.wait_for_url("**/resultats/")
    content = page.content()
    assert "Allocations familiales" in content and "Bourse" in content
    check_page(page, "droits-aidant-resultats")
    questionnaire = Questionnaire.objects.get()
    assert questionnaire.aidant == aidant and questionnaire.organisation == organisation


def test_a_responsable_screens_a_caseload_and_contacts_the_first_household(page, live_server):
    from guichet.screening.demo import DEMO_CASELOAD

    organisation = OrganisationFactory(name="CCAS de Villeneuve", phone="+33553000001")
    responsable = member(Role.RESPONSABLE, organisation=organisation, username="e2e-responsable")
    totp_device(responsable)
    from guichet.accounts.tests.factories import PASSWORD

    log_in(page, live_server, responsable.username, PASSWORD, totp_user=responsable)
    page.wait_for_url("**/espace/responsable/")
    page.get_by_role("link", name="Simuler les droits d'une file active (fichier de foyers)").click()
    page.wait_for_url("**/droits/foyers/")
    check_page(page, "foyers-depot")
    page.get_by_label("Fichier des foyers (CSV ou Parquet)").set_input_files(str(DEMO_CASELOAD))
    page.get_by_label("Mois simulé").fill("2026-01")
    page.get_by_role("button", name="Envoyer et simuler").click()
    page.wait_for_url(re.compile(r".*/droits/foyers/[0-9a-f-]+/$"))
    # The job runs in the test process as soon as the upload commits (tasks run immediately in tests).
    page.get_by_role("heading", name="Foyers à contacter en priorité").wait_for()
    assert "40 foyers simulés." in page.content()
    check_page(page, "foyers-resultats")
    page.locator("tbody tr").first.get_by_role("link").click()
    page.get_by_role("heading", name="Contacter ce foyer").wait_for()
    check_page(page, "foyer-fiche")
    page.get_by_label("Courrier", exact=True).check(force=True)
    page.get_by_label("Adresse postale ou numéro de mobile").fill(
        "Camille Durand\n3 rue des Lilas\n47300 Villeneuve"
    )
    page.get_by_role("button", name="Enregistrer la prise de contact").click()
    page.get_by_text("Prise de contact enregistrée.").wait_for()
    assert "Ce foyer n'a pas encore été contacté." not in page.content()
    check_page(page, "foyer-contacte")
