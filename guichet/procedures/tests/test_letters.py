"""The print queue: letters to usagers who chose the post wait for an agent of their organisation."""

import io

import pytest
from pypdf import PdfReader

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import OrganisationFactory, member
from guichet.core.exceptions import NotFound
from guichet.core.models import Notification
from guichet.core.notifications.services import mark_letter_posted
from guichet.procedures.services import messages as dossier_messages
from guichet.procedures.tests.test_services import deposited

pytestmark = pytest.mark.django_db


def _letter_dossier():
    dossier = deposited()
    type(dossier).objects.filter(pk=dossier.pk).update(
        notify_by="letter", contact_address="4 rue des Lilas\n47300 Villeneuve-sur-Lot"
    )
    dossier.refresh_from_db()
    return dossier


def test_a_message_to_a_usager_by_post_lands_in_the_organisation_print_queue(client, login_with_2fa):
    dossier = _letter_dossier()
    agent = member(Role.AGENT, organisation=dossier.organisation)
    dossier_messages.message_to_usager(dossier=dossier, author=agent, body="Votre dossier avance.")
    letter = Notification.objects.get(kind="letter")
    assert letter.organisation_id == dossier.organisation_id
    login_with_2fa(client, agent)
    page = client.get("/instruction/courriers/").content.decode()
    assert "4 rue des Lilas" in page and f"/instruction/courriers/{letter.pk}.pdf" in page
    pdf = client.get(f"/instruction/courriers/{letter.pk}.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert "Votre dossier avance." in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert client.post(f"/instruction/courriers/{letter.pk}/poste/").status_code == 302
    letter.refresh_from_db()
    assert letter.posted_at is not None and letter.posted_by == agent
    assert "Aucun courrier en attente" in client.get("/instruction/courriers/").content.decode()


def test_an_agent_of_another_organisation_cannot_see_or_post_the_letter(client, login_with_2fa):
    dossier = _letter_dossier()
    dossier_messages.message_to_usager(
        dossier=dossier, author=member(Role.AGENT, organisation=dossier.organisation), body="Bonjour"
    )
    letter = Notification.objects.get(kind="letter")
    outsider = member(Role.AGENT, organisation=OrganisationFactory())
    login_with_2fa(client, outsider)
    assert "Bonjour" not in client.get("/instruction/courriers/").content.decode()
    assert client.get(f"/instruction/courriers/{letter.pk}.pdf").status_code == 404
    assert client.post(f"/instruction/courriers/{letter.pk}/poste/").status_code == 404
    with pytest.raises(NotFound):
        mark_letter_posted(notification_id=letter.pk, organisation_ids={outsider.pk}, user=outsider)
    letter.refresh_from_db()
    assert letter.posted_at is None
