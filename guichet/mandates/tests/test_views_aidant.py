import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from guichet.accounts.models import User
from guichet.core.journal import JournalEntry
from guichet.core.models import Notification
from guichet.mandates.models import Habilitation, Mandate, MandateState
from guichet.mandates.tests.factories import PDF, MandateFactory, expired_mandate
from guichet.procedures.models import Dossier

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(organisation, usager, aidant):
    return MandateFactory(organisation=organisation, usager=usager, created_by=aidant, consented_at=None)


def test_the_mandate_list_shows_those_ending_soon(aidant_client, organisation, usager):
    soon = MandateFactory(organisation=organisation, usager=usager, duration="1j")
    page = aidant_client.get(reverse("mandates:mandates")).content.decode()
    assert "prennent fin dans les 15 jours" in page and soon.reference in page


def test_searching_a_person_of_the_organisation(aidant_client, mandate):
    page = aidant_client.get(reverse("mandates:act_person"), {"q": "Leroy"}).content.decode()
    assert "Jeannine Leroy" in page
    page = aidant_client.get(reverse("mandates:act_person"), {"q": "Inconnu"}).content.decode()
    assert "Aucune personne trouvée" in page


def test_an_existing_account_is_found_only_by_exact_phone_or_email(aidant_client, db):
    User.objects.create(username="bob", first_name="Bob", last_name="Martin", phone="+33699999999")
    page = aidant_client.get(reverse("mandates:act_person"), {"q": "06 99 99 99 99"}).content.decode()
    assert "créer un mandat avec Bob Martin" in page
    page = aidant_client.get(reverse("mandates:act_person"), {"q": "Martin"}).content.decode()
    assert "Bob Martin" not in page


def test_registering_a_person_without_email_then_preparing_a_mandate(aidant_client):
    response = aidant_client.post(
        reverse("mandates:new_person"),
        {"first_name": "Jeannine", "last_name": "Leroy", "birth_date": "1948-03-02", "phone": "0612345678"},
    )
    person = User.objects.get(last_name="Leroy")
    assert response.status_code == 302 and response["Location"] == reverse(
        "mandates:new_mandate", args=[person.pk]
    )
    response = aidant_client.post(
        reverse("mandates:new_mandate", args=[person.pk]),
        {"categories": ["social", "argent"], "duration": "6m"},
    )
    mandate = Mandate.objects.get(usager=person)
    assert response["Location"] == reverse("mandates:mandate", args=[mandate.pk])
    page = aidant_client.get(response["Location"]).content.decode()
    assert "Ce que les aidants peuvent faire pour vous" in page and "Argent, impôts" in page


def test_a_mandate_without_scope_is_refused_with_a_message(aidant_client, usager, mandate):
    response = aidant_client.post(reverse("mandates:new_mandate", args=[usager.pk]), {"duration": "1m"})
    assert "Choisissez au moins un thème" in response.content.decode()


def test_a_person_page_without_valid_mandate_says_nothing_can_be_done(aidant_client, organisation, usager):
    expired_mandate(organisation=organisation, usager=usager)
    page = aidant_client.get(reverse("mandates:person", args=[usager.pk])).content.decode()
    assert "aucun mandat en cours" in page


def test_the_summary_and_the_signed_mandate_are_pdfs(aidant_client, draft, aidant):
    response = aidant_client.get(reverse("mandates:summary_pdf", args=[draft.pk]))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert aidant_client.get(reverse("mandates:mandate_pdf", args=[draft.pk])).status_code == 404


def test_consent_on_screen_through_the_page_shows_the_code_once(aidant_client, draft):
    response = aidant_client.post(
        reverse("mandates:consent_screen", args=[draft.pk]),
        {"ecran-identity_check": "cni", "ecran-signed": "on", "ecran-signature_name": "Jeannine Leroy"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == MandateState.ACTIVE
    page = aidant_client.get(reverse("mandates:mandate", args=[draft.pk])).content.decode()
    assert re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", page)
    pdf = aidant_client.get(reverse("mandates:mandate_pdf", args=[draft.pk]))
    assert pdf.content.startswith(b"%PDF")


def test_consent_with_a_missing_signature_redisplays_the_page_with_the_error(aidant_client, draft):
    response = aidant_client.post(
        reverse("mandates:consent_screen", args=[draft.pk]),
        {"ecran-identity_check": "cni", "ecran-signature_name": "Jeannine Leroy"},
    )
    assert response.status_code == 400
    assert "Le formulaire contient une erreur" in response.content.decode()


def test_consent_on_paper_through_the_page(aidant_client, draft):
    response = aidant_client.post(
        reverse("mandates:consent_paper", args=[draft.pk]),
        {"papier-identity_check": "passeport", "papier-signed_form": SimpleUploadedFile("f.pdf", PDF)},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.consent_method == "papier"


def test_consent_by_sms_through_the_page(aidant_client, draft):
    assert (
        aidant_client.post(
            reverse("mandates:send_code", args=[draft.pk]), {"phone": "0612345678"}
        ).status_code
        == 302
    )
    code = re.search(r"code (\d{6})", Notification.objects.get(kind="sms").body).group(1)
    wrong = aidant_client.post(reverse("mandates:confirm_code", args=[draft.pk]), {"code": "12345x"})
    assert wrong.status_code == 400
    response = aidant_client.post(reverse("mandates:confirm_code", args=[draft.pk]), {"code": code})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == MandateState.ACTIVE and draft.consent_method == "sms"


def test_sms_code_brute_force_through_the_page_is_locked_and_kept_despite_the_errors(aidant_client, draft):
    aidant_client.post(reverse("mandates:send_code", args=[draft.pk]), {"phone": "0612345678"})
    code = re.search(r"code (\d{6})", Notification.objects.get(kind="sms").body).group(1)
    wrong = "000000" if code != "000000" else "111111"
    for _attempt in range(5):
        aidant_client.post(reverse("mandates:confirm_code", args=[draft.pk]), {"code": wrong})
    response = aidant_client.post(reverse("mandates:confirm_code", args=[draft.pk]), {"code": code})
    assert "bloqué" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == MandateState.AWAITING_CONSENT
    assert JournalEntry.objects.filter(action="mandat.code_bloque").count() == 1


def test_the_aidant_revokes_and_renews(aidant_client, mandate):
    assert aidant_client.post(reverse("mandates:renew", args=[mandate.pk])).status_code == 302
    renewal = Mandate.objects.get(renewed_from=mandate)
    assert renewal.state == MandateState.AWAITING_CONSENT
    aidant_client.post(reverse("mandates:aidant_revoke", args=[mandate.pk]))
    mandate.refresh_from_db()
    assert mandate.state == MandateState.REVOKED


def test_continue_a_dossier_of_the_person(aidant_client, mandate, procedure):
    from guichet.procedures.services import drafts

    started = drafts.start_dossier(procedure=procedure, channel="online", usager=mandate.usager)
    page = aidant_client.get(reverse("mandates:mandate", args=[mandate.pk])).content.decode()
    assert started.dossier.number in page
    response = aidant_client.post(reverse("mandates:act_continue", args=[mandate.pk, started.dossier.pk]))
    assert response["Location"] == reverse("procedures:review", args=[started.dossier.pk])
    assert aidant_client.get(response["Location"]).status_code == 200


def test_a_dossier_of_someone_else_cannot_be_continued_under_the_mandate(aidant_client, mandate, procedure):
    from guichet.procedures.services import drafts

    started = drafts.start_dossier(procedure=procedure, channel="online")
    response = aidant_client.post(reverse("mandates:act_continue", args=[mandate.pk, started.dossier.pk]))
    assert response.status_code == 404


def test_a_suspended_aidant_is_told_why_on_every_aidant_page_and_the_refusal_is_journaled(
    aidant_client, aidant, mandate
):
    Habilitation.objects.filter(user=aidant).update(status=Habilitation.Status.SUSPENDED)
    response = aidant_client.get(reverse("mandates:mandates"))
    assert response.status_code == 403
    assert "suspendue" in response.content.decode()
    assert JournalEntry.objects.get(action="mandat.refus").data == {"motif": "non_habilite"}
    assert aidant_client.post(reverse("mandates:aidant_revoke", args=[mandate.pk])).status_code == 403
    assert not Dossier.objects.exists()


def test_a_person_registered_without_mandate_yet_is_found_again(aidant_client):
    aidant_client.post(
        reverse("mandates:new_person"),
        {"first_name": "Ahmed", "last_name": "Benali", "birth_date": "1957-06-14"},
    )
    page = aidant_client.get(reverse("mandates:act_person"), {"q": "Benali"}).content.decode()
    assert "Ahmed Benali" in page


def test_the_person_page_shows_what_the_organisation_did_in_their_name_only(
    aidant_client, mandate, aidant, procedure
):
    from guichet.mandates.services import acting

    started = acting.start_under_mandate(mandate=mandate, aidant=aidant, procedure=procedure)
    other = MandateFactory(usager=mandate.usager)
    from guichet.core import journal

    journal.record(
        action="mandat.acte",
        actor=None,
        organisation_id=other.organisation_id,
        subject_type="dossier",
        subject_id=str(uuid.uuid4()),
        on_behalf_of_id=mandate.usager_id,
        mandate_id=other.pk,
        data={"etape": "section"},
    )
    page = aidant_client.get(reverse("mandates:person", args=[mandate.usager.pk])).content.decode()
    assert started.dossier.number in page
    assert other.reference not in page


def test_an_aidant_sends_a_requested_piece_under_mandate_as_an_aidant_act(
    aidant_client, aidant, mandate, procedure
):
    from guichet.accounts.models import Role
    from guichet.accounts.tests.factories import member
    from guichet.procedures.models import DossierState
    from guichet.procedures.services import transitions
    from guichet.procedures.tests.test_services import deposited

    dossier = deposited(procedure=procedure)
    Dossier.objects.filter(pk=dossier.pk).update(usager=mandate.usager)
    transitions.request_correction(
        dossier_id=dossier.pk,
        actor=member(Role.AGENT, organisation=procedure.organisation),
        fields=[],
        documents=["identite_doc"],
        message="Illisible",
    )
    response = aidant_client.post(reverse("mandates:act_continue", args=[mandate.pk, dossier.pk]))
    assert response["Location"] == reverse("procedures:correct", args=[dossier.pk])
    response = aidant_client.post(
        response["Location"], {"piece-identite_doc": SimpleUploadedFile("aidant.pdf", PDF), "action": "send"}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == DossierState.EN_INSTRUCTION
    attachment = dossier.attachments.get(original_name="aidant.pdf")
    assert attachment.channel == "aidant" and attachment.uploaded_by == aidant
    assert dossier.events.get(action="submit_correction").channel == "aidant"
