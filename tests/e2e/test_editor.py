"""A responsable defines a procedure without code, publishes it, and a usager can start it."""

import pytest

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import PASSWORD, OrganisationFactory, member, totp_device
from tests.e2e.conftest import check_page, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_responsable_defines_and_publishes_a_procedure(page, second_page, live_server):
    organisation = OrganisationFactory(name="Mairie de Test")
    responsable = member(Role.RESPONSABLE, organisation=organisation, username="resp-editeur")
    totp_device(responsable)
    log_in(page, live_server, responsable.username, PASSWORD, totp_user=responsable)
    page.wait_for_url("**/espace/responsable/")
    page.get_by_role("link", name="Démarches : créer, modifier, publier").click()
    check_page(page, "editeur-liste")
    page.get_by_label("Intitulé de la démarche").fill("Prêt de vélos")
    page.get_by_label("Présentation en langage clair").fill("La mairie prête des vélos aux habitants.")
    page.get_by_label("Thème").select_option(label="Transports, mobilité")
    page.get_by_role("button", name="Créer et définir les questions").click()
    page.get_by_label("Titre de la nouvelle section").fill("Votre demande")
    page.get_by_role("button", name="Ajouter la section").click()
    page.get_by_label("Question, telle que la personne la lira").fill("Avez-vous déjà emprunté un vélo ?")
    page.get_by_label("Type de réponse").select_option(label="Oui ou non")
    page.get_by_label("Réponse obligatoire").check(force=True)  # DSFR draws the box over the input
    page.get_by_role("button", name="Ajouter la question").click()
    page.get_by_label("Question, telle que la personne la lira").fill("Numéro de l'ancien prêt")
    page.get_by_label("Type de réponse").select_option(label="Texte court")
    page.get_by_label("Afficher seulement si la question…").select_option(
        label="Avez-vous déjà emprunté un vélo ?"
    )
    page.get_by_label("… a pour réponse").fill("oui")
    page.get_by_role("button", name="Ajouter la question").click()
    assert "affichée si" in page.content()
    check_page(page, "editeur-version")
    page.get_by_role("button", name="Publier cette version").click()
    page.get_by_text("Version 1 publiée").wait_for()
    usager = second_page
    usager.goto(f"{live_server.url}/demarches/")
    usager.get_by_role("link", name="Prêt de vélos").click()
    usager.get_by_role("button", name="Commencer en ligne").click()
    usager.get_by_role("link", name="Remplir la demande").click()
    usager.get_by_label("Oui", exact=True).check(force=True)
    usager.get_by_role("button", name="Continuer").click()
    assert usager.get_by_label("Numéro de l'ancien prêt").is_visible()
    check_page(usager, "editeur-demarche-remplie")
