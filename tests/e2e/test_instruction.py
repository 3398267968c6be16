"""The back office's groups: a responsable sets a group and a routing rule in the browser, the dossier
goes to that group, an agent of another group neither lists nor opens it; following and handing over
(agent pages checked with axe, with JavaScript on and off)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import PASSWORD, member, totp_device
from guichet.procedures.services import drafts, transitions
from guichet.procedures.tests.factories import PDF, VALID_ANSWERS, published_procedure
from tests.e2e.conftest import check_page, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def _deposit(procedure, **answers):
    started = drafts.start_dossier(procedure=procedure, channel="online")
    drafts.save_answers(dossier_id=started.dossier.pk, values={**VALID_ANSWERS, **answers})
    drafts.set_contact(
        dossier_id=started.dossier.pk, contact_name="Camille Durand", contact_email="camille@example.org",
        contact_phone="", contact_address="", notify_by="email",
    )  # fmt: skip
    drafts.add_attachment(
        dossier_id=started.dossier.pk, slot_key="identite_doc", uploaded_file=SimpleUploadedFile("id.pdf", PDF),
        channel="online",
    )  # fmt: skip
    return transitions.submit_dossier(dossier_id=started.dossier.pk, actor=None, channel="online")


def test_a_rule_routes_a_dossier_that_another_group_cannot_see(
    page, page_without_js, second_page, live_server
):
    procedure = published_procedure()
    organisation = procedure.organisation
    responsable = member(Role.RESPONSABLE, organisation=organisation, username="responsable-groupes")
    families = member(Role.AGENT, organisation=organisation, username="agent-familles", first_name="Nadia",
                      last_name="Familles")  # fmt: skip
    others = member(Role.AGENT, organisation=organisation, username="agent-autres", first_name="Paul",
                    last_name="Autres")  # fmt: skip
    for user in (responsable, families, others):
        totp_device(user)
    large = _deposit(procedure, enfants="oui", nb_enfants="4")
    single = _deposit(procedure)

    # The responsable creates the group « Familles », puts Nadia in it and writes the rule, in the browser.
    log_in(page, live_server, responsable.username, PASSWORD, totp_user=responsable)
    page.goto(f"{live_server.url}/gestion/demarches/{procedure.pk}/groupes/")
    check_page(page, "instruction-groupes-vide")
    page.get_by_label("Nom du groupe").fill("Familles")
    page.get_by_label("Adresse électronique du groupe").fill("familles@example.org")
    page.get_by_role("button", name="Créer le groupe").click()
    page.get_by_label("Agent à ajouter au groupe").select_option(label="Nadia Familles")
    page.get_by_role("button", name="Ajouter au groupe").click()
    assert "Agent ajouté au groupe" in page.content()
    check_page(page, "instruction-groupe")
    page.get_by_role("link", name="Tous les groupes de la démarche").click()
    page.get_by_label("Envoyer au groupe").select_option(label="Familles")
    page.get_by_label("Condition 1 : la réponse à").select_option(label="Nombre d'enfants")
    page.get_by_label("Condition 1 : comparaison").select_option(label="est supérieur à")
    page.get_by_label("Condition 1 : valeur").fill("2")
    page.get_by_role("button", name="Ajouter la règle").click()
    assert "Si « Nombre d'enfants » est supérieur à 2, alors « Familles »." in page.content()
    assert "1 dossier en cours changerait de groupe" in page.content()
    page.get_by_role("button", name="Appliquer les règles aux dossiers en cours").click()
    check_page(page, "instruction-groupes-regle")
    # Nadia is in both groups until the responsable takes her out of the default one.
    page.get_by_role("link", name="Tous les instructeurs").click()
    page.get_by_role("button", name="Retirer Nadia Familles").click()

    # Paul (default group only), without JavaScript: the large family's dossier is neither listed nor opened.
    nojs = page_without_js
    log_in(nojs, live_server, others.username, PASSWORD, totp_user=others)
    nojs.goto(f"{live_server.url}/instruction/")
    check_page(nojs, "instruction-liste-autre-groupe")
    assert single.number in nojs.content() and large.number not in nojs.content()
    response = nojs.goto(f"{live_server.url}/instruction/dossiers/{large.pk}/")
    assert response.status == 404

    # Nadia lists it « à suivre », opens it and follows it.
    page = second_page
    log_in(page, live_server, families.username, PASSWORD, totp_user=families)
    page.goto(f"{live_server.url}/instruction/?onglet=a-suivre")
    check_page(page, "instruction-liste-a-suivre")
    assert large.number in page.content() and single.number not in page.content()
    page.get_by_role("link", name=large.number).click()
    assert "Instruit par le groupe « Familles »" in page.content()
    page.get_by_role("button", name="Suivre ce dossier").click()
    assert "Vous suivez ce dossier" in page.content()
    assert (
        "Nadia Familles — suit le dossier"
        in page.locator("section[aria-labelledby=equipe-titre]").inner_text()
    )
    check_page(page, "instruction-dossier-suivi")
    page.goto(f"{live_server.url}/instruction/?onglet=suivis")
    assert large.number in page.content()


def test_handing_a_dossier_over_to_a_colleague_of_the_group(page_without_js, live_server):
    procedure = published_procedure()
    organisation = procedure.organisation
    first = member(
        Role.AGENT, organisation=organisation, username="agent-un", first_name="Ana", last_name="Un"
    )
    member(Role.AGENT, organisation=organisation, username="agent-deux", first_name="Bea",
                    last_name="Deux", email="bea@example.org")  # fmt: skip
    totp_device(first)
    dossier = _deposit(procedure)
    page = page_without_js
    log_in(page, live_server, first.username, PASSWORD, totp_user=first)
    page.goto(f"{live_server.url}/instruction/dossiers/{dossier.pk}/")
    page.get_by_role("button", name="Suivre ce dossier").click()
    page.get_by_label("Transmettre à").select_option(label="Bea Deux")
    page.get_by_role("button", name="Transmettre").click()
    assert "Dossier transmis" in page.content()
    team = page.locator("section[aria-labelledby=equipe-titre]").inner_text()
    assert "Bea Deux — suit le dossier" in team and "Ana Un — a suivi le dossier jusqu" in team
    check_page(page, "instruction-transmis")
