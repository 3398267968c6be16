"""The questionnaire through its pages, as a person alone, an aidant with someone, or a logged-in usager."""

import html
import io
import re

import pytest
from django.test import Client
from pypdf import PdfReader

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import OrganisationFactory, UserFactory, member
from guichet.core.channels import Channel
from guichet.procedures.models import Dossier
from guichet.procedures.tests.factories import SIMPLE, published_procedure
from guichet.screening.models import Questionnaire
from guichet.screening.tests.factories import ALONE_ANSWERS, PARENT_ANSWERS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("openfisca_system")]


def text(response) -> str:
    return html.unescape(response.content.decode())


def start(client, **data) -> Questionnaire:
    response = client.post("/droits/commencer/", data)
    assert response.status_code == 302
    questionnaire = Questionnaire.objects.order_by("-created_at").first()
    assert response["Location"] == f"/droits/{questionnaire.pk}/foyer/"
    return questionnaire


def fill(client, questionnaire, answers) -> None:
    for key, values in answers.items():
        response = client.post(f"/droits/{questionnaire.pk}/{key}/", {**values, "action": "next"})
        assert response.status_code == 302, (key, text(response))


def test_home_explains_the_screening_and_offers_to_start(client):
    content = text(client.get("/droits/"))
    assert "À quelles aides avez-vous droit ?" in content
    assert "Commencer la simulation" in content
    assert "avec une personne que j'accompagne" not in content


def test_a_person_alone_goes_from_page_to_page_without_javascript(client):
    questionnaire = start(client)
    response = client.post(
        f"/droits/{questionnaire.pk}/foyer/", {**PARENT_ANSWERS["foyer"], "action": "next"}
    )
    assert response["Location"] == f"/droits/{questionnaire.pk}/personne-0/"
    page = text(client.get(f"/droits/{questionnaire.pk}/personne-0/"))
    for title in ("Votre foyer", "Vous : ressources", "Enfant 1", "Enfant 2", "Votre logement"):
        assert title in page
    response = client.post(
        f"/droits/{questionnaire.pk}/personne-0/", {**PARENT_ANSWERS["personne-0"], "action": "next"}
    )
    assert response["Location"] == f"/droits/{questionnaire.pk}/ressources-0/"
    response = client.post(
        f"/droits/{questionnaire.pk}/logement/", {**PARENT_ANSWERS["logement"], "action": "next"}
    )
    assert response["Location"] == f"/droits/{questionnaire.pk}/resultats/"


def test_an_invalid_date_is_explained_in_french_and_nothing_typed_is_lost(client):
    questionnaire = start(client)
    fill(client, questionnaire, {"foyer": ALONE_ANSWERS["foyer"]})
    response = client.post(
        f"/droits/{questionnaire.pk}/personne-0/",
        {"date_naissance": "31/02/1990", "statut": "retraite", "taux_incapacite": "80", "action": "next"},
    )
    content = text(response)
    assert response.status_code == 200
    assert "Écrivez une date réelle au format JJ/MM/AAAA" in content
    assert 'value="31/02/1990"' in content and 'value="80"' in content
    assert re.search(r'value="retraite"[^>]*checked', content)
    questionnaire.refresh_from_db()
    assert questionnaire.answers["personne-0"]["statut"] == "retraite"


def test_a_renter_must_give_the_rent_and_the_commune(client):
    questionnaire = start(client)
    fill(client, questionnaire, {"foyer": ALONE_ANSWERS["foyer"]})
    response = client.post(
        f"/droits/{questionnaire.pk}/logement/",
        {
            "code_postal": "47300",
            "commune": "Nulle-Part",
            "statut_occupation": "locataire_vide",
            "action": "next",
        },
    )
    content = text(response)
    assert "Plusieurs communes ont le code postal 47300" in content
    assert "Indiquez le montant du loyer, puisque vous êtes locataire." in content
    assert re.search(r'<input[^>]*name="commune"[^>]*value="Villeneuve-sur-Lot"', content)
    assert "INSEE" not in content


def test_the_commune_is_asked_by_postal_code_and_town_never_by_insee_code(client):
    questionnaire = start(client)
    fill(client, questionnaire, {"foyer": ALONE_ANSWERS["foyer"]})
    url = f"/droits/{questionnaire.pk}/logement/"
    page = text(client.get(url))
    assert "Code postal" in page and "Ville ou village" in page and "INSEE" not in page
    wrong = text(
        client.post(url, {"code_postal": "99999", "statut_occupation": "heberge_gratuit", "action": "next"})
    )
    assert "Ce code postal n&#x27;existe pas" in wrong or "Ce code postal n'existe pas" in wrong
    # Chosen in the list offered for a postal code several communes share.
    client.post(
        url,
        {
            "code_postal": "47300",
            "commune": "Sainte-Colombe-de-Villeneuve",
            "statut_occupation": "heberge_gratuit",
            "action": "next",
        },
    )
    from guichet.screening import pages

    questionnaire.refresh_from_db()
    housing = pages.build_form(
        pages.page(questionnaire.answers, "logement"), questionnaire.answers, bound=True
    )
    assert housing.is_valid() and housing.cleaned_data["code_insee"] == "47237"
    # A postal code that serves one commune needs no town.
    client.post(url, {"code_postal": "75001", "statut_occupation": "heberge_gratuit", "action": "next"})
    questionnaire.refresh_from_db()
    housing = pages.build_form(
        pages.page(questionnaire.answers, "logement"), questionnaire.answers, bound=True
    )
    assert housing.is_valid() and housing.cleaned_data["code_insee"] == "75056"


def test_saving_for_later_keeps_the_answers_and_stays_on_the_page(client):
    questionnaire = start(client)
    response = client.post(f"/droits/{questionnaire.pk}/foyer/", {"en_couple": "oui", "nb_enfants": "deux"})
    assert response["Location"] == f"/droits/{questionnaire.pk}/foyer/"
    questionnaire.refresh_from_db()
    assert questionnaire.answers["foyer"]["nb_enfants"] == "deux"
    content = text(client.get("/droits/"))
    assert "Simulation commencée le" in content and f"/droits/{questionnaire.pk}/foyer/" in content


def test_another_browser_cannot_open_the_questionnaire(client):
    questionnaire = start(client)
    assert Client().get(f"/droits/{questionnaire.pk}/foyer/").status_code == 404


def test_results_wait_for_every_page(client):
    questionnaire = start(client)
    fill(client, questionnaire, {"foyer": ALONE_ANSWERS["foyer"]})
    response = client.get(f"/droits/{questionnaire.pk}/resultats/")
    assert response["Location"] == f"/droits/{questionnaire.pk}/personne-0/"


def test_results_show_amounts_reasons_and_where_to_ask(client):
    questionnaire = start(client)
    fill(client, questionnaire, ALONE_ANSWERS)
    content = text(client.get(f"/droits/{questionnaire.pk}/resultats/"))
    assert "Vos droits estimés" in content
    # One resources figure, explained before the benefits' own ways of counting it.
    assert "En moyenne 500,00 € par mois sur les 3 derniers mois" in content and "chômage 500,00 €" in content
    assert "Chaque aide compte ces ressources à sa façon" in content
    assert "Revenu de solidarité active (RSA)" in content and "€ par mois" in content
    assert '<a href="https://caf.fr/" rel="noopener">caf.fr</a>' in content  # official sites are links
    assert "Prime d'activité" in content  # among the benefits not open
    assert "OpenFisca-France" in content
    # Where to get help: the places directory, near the household's postal code.
    assert "/lieux/?lieu=47300&service=Aide%20aux%20d%C3%A9marches%20administratives" in content


def test_the_summary_pdf_lists_the_benefits(client):
    questionnaire = start(client)
    fill(client, questionnaire, PARENT_ANSWERS)
    response = client.get(f"/droits/{questionnaire.pk}/resume.pdf")
    assert response["Content-Type"] == "application/pdf"
    pdf_text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Vos droits estimés" in pdf_text and "Allocations familiales" in pdf_text
    assert "Villeneuve-sur-Lot" in pdf_text


HOUSING_PROCEDURE = {
    "prestations": ["aides_logement"],
    "sections": [
        {
            "key": "situation",
            "title": "Situation",
            "fields": [
                {"key": "date_naissance", "type": "date", "label": "Date de naissance", "required": True},
                {"key": "loyer", "type": "number", "label": "Loyer", "required": False},
                {"key": "revenus", "type": "number", "label": "Revenus du mois", "required": True},
            ],
        }
    ],
}


def test_a_matching_procedure_opens_pre_filled_with_the_answers(client):
    procedure = published_procedure(definition=HOUSING_PROCEDURE, slug="aide-logement-test")
    unrelated = published_procedure(definition=SIMPLE, slug="sans-lien")
    questionnaire = start(client)
    fill(client, questionnaire, ALONE_ANSWERS)
    content = text(client.get(f"/droits/{questionnaire.pk}/resultats/"))
    assert f"/droits/{questionnaire.pk}/demarche/{procedure.slug}/" in content
    assert unrelated.slug not in content
    response = client.post(f"/droits/{questionnaire.pk}/demarche/{procedure.slug}/")
    dossier = Dossier.objects.get()
    assert response["Location"] == f"/dossiers/{dossier.pk}/commence/"
    assert dossier.answers == {"date_naissance": "1990-03-14", "loyer": "450,00", "revenus": "500,00"}
    assert dossier.channel == Channel.ONLINE
    started = text(client.get(response["Location"]))
    assert dossier.number in started  # the follow-up code is shown like for any new dossier


def test_a_local_emergency_aid_is_shown_beside_the_benefit_never_as_its_claim(client):
    """Issue 19, item 7: an emergency procedure is not offered under a benefit it does not claim."""
    emergency = published_procedure(
        definition={**HOUSING_PROCEDURE, "prestations": [], "en_complement_de": ["aides_logement"]},
        slug="urgence-logement",
    )
    questionnaire = start(client)
    fill(client, questionnaire, ALONE_ANSWERS)
    content = text(client.get(f"/droits/{questionnaire.pk}/resultats/"))
    assert "Une autre aide, à côté" in content and "Ce n'est pas la demande de cette allocation" in content
    assert f"Faire la demande « {emergency.title} »" not in content
    response = client.post(f"/droits/{questionnaire.pk}/demarche/{emergency.slug}/")
    assert response.status_code == 302 and Dossier.objects.count() == 1


def test_a_procedure_without_a_matching_benefit_is_refused(client):
    unrelated = published_procedure(definition=SIMPLE, slug="sans-lien")
    questionnaire = start(client)
    fill(client, questionnaire, ALONE_ANSWERS)
    client.get(f"/droits/{questionnaire.pk}/resultats/")
    response = client.post(f"/droits/{questionnaire.pk}/demarche/{unrelated.slug}/", follow=True)
    assert "ne correspond à aucune aide" in text(response)
    assert not Dossier.objects.exists()


def test_an_aidant_fills_the_questionnaire_with_a_person(client, login_with_2fa):
    organisation = OrganisationFactory(name="France Services test")
    aidant = member(Role.AIDANT, organisation=organisation)
    login_with_2fa(client, aidant)
    assert "avec une personne que j'accompagne" in text(client.get("/droits/"))
    questionnaire = start(client, pour="personne")
    assert questionnaire.aidant == aidant and questionnaire.organisation == organisation
    assert questionnaire.usager is None
    fill(client, questionnaire, ALONE_ANSWERS)
    content = text(client.get(f"/droits/{questionnaire.pk}/resultats/"))
    assert "Simulation avec un aidant" in content
    procedure = published_procedure(definition=HOUSING_PROCEDURE, slug="aide-logement-aidant")
    client.post(f"/droits/{questionnaire.pk}/demarche/{procedure.slug}/")
    dossier = Dossier.objects.get()
    assert dossier.channel == Channel.AIDANT and dossier.usager is None and dossier.created_by == aidant


def test_only_an_aidant_can_start_for_someone_else(client):
    client.force_login(UserFactory())
    assert client.post("/droits/commencer/", {"pour": "personne"}).status_code == 403
    assert not Questionnaire.objects.exists()


def test_a_logged_in_usager_finds_their_questionnaire_from_any_browser(client):
    usager = UserFactory()
    client.force_login(usager)
    questionnaire = start(client)
    assert questionnaire.usager == usager
    fill(client, questionnaire, ALONE_ANSWERS)
    elsewhere = Client()
    elsewhere.force_login(usager)
    assert elsewhere.get(f"/droits/{questionnaire.pk}/resultats/").status_code == 200
    assert "voir les résultats" in text(elsewhere.get("/droits/"))


def test_a_questionnaire_started_without_account_joins_the_account_after_login(client):
    questionnaire = start(client)
    fill(client, questionnaire, ALONE_ANSWERS)
    usager = UserFactory()
    client.force_login(usager)
    # the session survives the login in this test client only if we keep it: log in keeps the key list
    session = client.session
    session["guichet_simulations"] = [str(questionnaire.pk)]
    session.save()
    client.get(f"/droits/{questionnaire.pk}/resultats/")
    questionnaire.refresh_from_db()
    assert questionnaire.usager == usager


def test_a_person_can_delete_their_simulation(client):
    questionnaire = start(client)
    fill(client, questionnaire, {"foyer": ALONE_ANSWERS["foyer"]})
    assert Client().post(f"/droits/{questionnaire.pk}/supprimer/").status_code == 404
    response = client.post(f"/droits/{questionnaire.pk}/supprimer/", follow=True)
    assert "toutes ses réponses ont été supprimées" in text(response)
    assert not Questionnaire.objects.exists()


def test_a_simulation_reopens_in_another_browser_with_its_number_and_code(client):
    """Issue 19, item 7: « gardez l'adresse de cette page » led to a 404 in another browser."""
    from guichet.screening.models import ReopenFailure

    questionnaire = start(client)
    fill(client, questionnaire, {"foyer": ALONE_ANSWERS["foyer"]})
    page = text(client.get(f"/droits/{questionnaire.pk}/foyer/"))
    assert "gardez l" not in page and "Obtenir un numéro et un code" in page
    response = client.post(f"/droits/{questionnaire.pk}/code/", {"depuis": "foyer"})
    assert response["Location"] == f"/droits/{questionnaire.pk}/foyer/#code-simulation"
    page = text(client.get(f"/droits/{questionnaire.pk}/foyer/"))
    questionnaire.refresh_from_db()
    code = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", page).group(0)
    assert questionnaire.reference in page and code not in questionnaire.code_hash
    elsewhere = Client()
    assert elsewhere.get(f"/droits/{questionnaire.pk}/foyer/").status_code == 404
    wrong = elsewhere.post(
        "/droits/retrouver/", {"reference": questionnaire.reference, "code": "AAAA-BBBB-CCCC"}
    )
    assert "ne correspond pas" in text(wrong)
    response = elsewhere.post(
        "/droits/retrouver/",
        {"reference": questionnaire.reference.removeprefix("S-").lower(), "code": code.lower()},
    )
    assert response.status_code == 302 and str(questionnaire.pk) in response["Location"]
    assert elsewhere.get(response["Location"]).status_code == 200
    # A new code replaces the old one; guessing is slowed down.
    client.post(f"/droits/{questionnaire.pk}/code/")
    third = Client()
    assert "ne correspond pas" in text(
        third.post("/droits/retrouver/", {"reference": questionnaire.reference, "code": code})
    )
    for _ in range(5):
        third.post("/droits/retrouver/", {"reference": questionnaire.reference, "code": "AAAA-BBBB-CCCC"})
    assert "Trop d" in text(
        third.post("/droits/retrouver/", {"reference": questionnaire.reference, "code": code})
    )
    assert ReopenFailure.objects.count() == 5  # locked: later tries are refused unchecked


def test_someone_else_cannot_ask_a_code_for_a_simulation_they_cannot_open(client):
    questionnaire = start(client)
    assert Client().post(f"/droits/{questionnaire.pk}/code/").status_code == 404
