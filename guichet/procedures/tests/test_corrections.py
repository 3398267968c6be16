"""A correction taken whole (issue 19, blocker 1): figures and pieces, online, by an aidant, at the counter."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import member
from guichet.core.channels import Channel
from guichet.core.exceptions import InvalidInput
from guichet.procedures.models import DossierState, PieceLater
from guichet.procedures.receipts import stored_bytes
from guichet.procedures.services import corrections, drafts, transitions
from guichet.procedures.tests.factories import PDF, VALID_ANSWERS, published_procedure
from guichet.procedures.tests.test_services import EMAIL_CONTACT, deposited
from guichet.procedures.tests.test_views import pdf_text, text

pytestmark = pytest.mark.django_db


def asking(dossier, *, fields=("nom",), documents=("identite_doc",)):
    """The agent asks for a figure and a new identity document (one was already attached at deposit)."""
    agent = member(Role.AGENT, organisation=dossier.organisation)
    transitions.request_correction(
        dossier_id=dossier.pk,
        actor=agent,
        fields=list(fields),
        documents=list(documents),
        message="Illisible",
    )
    return agent


def follow(client, dossier):
    session = client.session
    session["guichet_dossiers_suivis"] = [str(dossier.pk)]
    session.save()


class TestService:
    def test_the_old_file_does_not_answer_a_request_for_a_new_one(self):
        dossier = deposited()
        asking(dossier, fields=())
        outcome = corrections.take_correction(
            dossier_id=dossier.pk, actor=None, channel=Channel.ONLINE, values={}, send=True
        )
        assert not outcome.sent
        assert "celui envoyé avant sa demande ne compte pas" in outcome.errors["identite_doc"]
        # The transition itself refuses it too, naming the piece by its label.
        with pytest.raises(InvalidInput, match="« Pièce d'identité »"):
            transitions.submit_correction(dossier_id=dossier.pk, actor=None, channel=Channel.ONLINE)
        dossier.refresh_from_db()
        assert dossier.state == DossierState.A_COMPLETER

    def test_figure_and_piece_in_one_call_reach_the_service(self):
        dossier = deposited()
        asking(dossier)
        outcome = corrections.take_correction(
            dossier_id=dossier.pk,
            actor=None,
            channel=Channel.ONLINE,
            values={"nom": "Camille Durand-Petit", "naissance": "1900-01-01"},
            files={"identite_doc": SimpleUploadedFile("nouvelle.pdf", PDF)},
            send=True,
        )
        assert outcome.sent and outcome.errors == {}
        dossier.refresh_from_db()
        assert dossier.state == DossierState.EN_INSTRUCTION
        assert dossier.answers["nom"] == "Camille Durand-Petit"
        assert dossier.answers["naissance"] != "1900-01-01"  # not requested: never written
        assert dossier.attachments.filter(original_name="nouvelle.pdf").exists()

    def test_a_refused_file_keeps_the_typed_figure_and_sends_nothing(self):
        dossier = deposited()
        asking(dossier)
        outcome = corrections.take_correction(
            dossier_id=dossier.pk,
            actor=None,
            channel=Channel.ONLINE,
            values={"nom": "Camille Durand-Petit"},
            files={"identite_doc": SimpleUploadedFile("photo.pdf", b"MZ not a pdf")},
            send=True,
        )
        assert not outcome.sent and "n'est pas un PDF, PNG valide" in outcome.errors["identite_doc"]
        dossier.refresh_from_db()
        assert dossier.answers["nom"] == "Camille Durand-Petit"
        assert dossier.state == DossierState.A_COMPLETER

    def test_a_file_added_for_the_correction_can_be_taken_back_not_an_older_one(self):
        dossier = deposited()
        asking(dossier, fields=())
        old = dossier.attachments.get()
        corrections.take_correction(
            dossier_id=dossier.pk,
            actor=None,
            channel=Channel.ONLINE,
            values={},
            files={"identite_doc": SimpleUploadedFile("erreur.pdf", PDF)},
        )
        new = dossier.attachments.get(original_name="erreur.pdf")
        for attachment_id in (str(old.pk), "pas-un-identifiant"):
            corrections.take_correction(
                dossier_id=dossier.pk, actor=None, channel=Channel.ONLINE, values={}, remove=attachment_id
            )
        assert dossier.attachments.filter(pk=old.pk).exists()
        corrections.take_correction(
            dossier_id=dossier.pk, actor=None, channel=Channel.ONLINE, values={}, remove=str(new.pk)
        )
        assert not dossier.attachments.filter(pk=new.pk).exists()

    def test_staff_must_say_how_it_came_and_a_person_cannot_claim_the_counter(self):
        dossier = deposited()
        agent = asking(dossier, documents=())
        with pytest.raises(InvalidInput, match="guichet, par téléphone ou par courrier"):
            corrections.take_correction(
                dossier_id=dossier.pk, actor=agent, channel=Channel.ONLINE, values={"nom": "X"}
            )
        with pytest.raises(InvalidInput):
            corrections.take_correction(
                dossier_id=dossier.pk, actor=None, channel=Channel.COUNTER, values={"nom": "X"}
            )
        outcome = corrections.take_correction(
            dossier_id=dossier.pk, actor=agent, channel=Channel.COUNTER, values={"nom": "Y"}, send=True
        )
        assert outcome.sent
        assert dossier.events.get(action="submit_correction").channel == Channel.COUNTER

    def test_a_dossier_that_waits_for_nothing_is_refused(self):
        dossier = deposited()
        with pytest.raises(InvalidInput, match="n'attend plus"):
            corrections.take_correction(dossier_id=dossier.pk, actor=None, channel=Channel.ONLINE, values={})


class TestPage:
    def test_one_page_takes_the_figure_and_the_document_and_the_agent_gets_the_new_file(self, client):
        dossier = deposited()
        asking(dossier)
        follow(client, dossier)
        url = reverse("procedures:correct", args=[dossier.pk])
        html = client.get(url).content.decode()
        assert 'enctype="multipart/form-data"' in html
        visible = re.sub(r"<[^>]+>", " ", html)
        assert "Pièce d&#x27;identité" in visible and "identite_doc" not in visible
        # Sending with only the old file: refused by its label, the typed name kept on the page.
        response = client.post(url, {"nom": "Camille Petit", "action": "send"})
        assert response.status_code == 400
        body = response.content.decode()
        assert 'href="#id_piece-identite_doc"' in body and "le service en attend un" in body
        assert 'value="Camille Petit"' in body
        response = client.post(
            url,
            {
                "nom": "Camille Petit",
                "piece-identite_doc": SimpleUploadedFile("scan.png", PNG),
                "action": "send",
            },
        )
        assert response.status_code == 302 and response["Location"] == f"/dossiers/{dossier.pk}/"
        dossier.refresh_from_db()
        assert dossier.state == DossierState.EN_INSTRUCTION
        assert dossier.attachments.filter(original_name="scan.png", channel=Channel.ONLINE).exists()

    def test_saving_a_file_without_sending_keeps_the_figure_and_lists_the_file(self, client):
        dossier = deposited()
        asking(dossier)
        follow(client, dossier)
        url = reverse("procedures:correct", args=[dossier.pk])
        response = client.post(
            url,
            {
                "nom": "Camille Petit",
                "piece-identite_doc": SimpleUploadedFile("scan.pdf", PDF),
                "action": "save",
            },
        )
        assert response.status_code == 200
        body = response.content.decode()
        assert 'value="Camille Petit"' in body and "scan.pdf" in body and 'name="remove"' in body

    def test_the_agent_records_a_piece_brought_to_the_counter(self, client, login_with_2fa):
        dossier = deposited()
        agent = asking(dossier, fields=())
        login_with_2fa(client, agent)
        url = reverse("procedures:correct", args=[dossier.pk])
        assert "Comment ces éléments sont-ils arrivés" in text(client.get(url))
        response = client.post(
            url,
            {
                "received_through": "counter",
                "piece-identite_doc": SimpleUploadedFile("guichet.pdf", PDF),
                "action": "send",
            },
        )
        assert response.status_code == 302
        dossier.refresh_from_db()
        assert dossier.state == DossierState.EN_INSTRUCTION
        attachment = dossier.attachments.get(original_name="guichet.pdf")
        assert attachment.channel == Channel.COUNTER and attachment.uploaded_by == agent

    def test_someone_without_access_gets_404(self, client):
        dossier = deposited()
        asking(dossier)
        assert client.get(reverse("procedures:correct", args=[dossier.pk])).status_code == 404


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\xa5\xf7\xa9\x14\x00\x00\x00\x00IEND\xaeB`\x82"
)


class TestFiledWithoutAPiece:
    """Issue 19, blocker 2: an incomplete request is received, and the service asks for what is missing."""

    def draft_without_identity(self):
        started = drafts.start_dossier(procedure=published_procedure(), channel=Channel.ONLINE)
        drafts.save_answers(dossier_id=started.dossier.pk, values=VALID_ANSWERS)
        drafts.set_contact(dossier_id=started.dossier.pk, **EMAIL_CONTACT)
        started.dossier.refresh_from_db()
        return started.dossier

    def test_without_saying_how_the_piece_comes_the_deposit_is_refused_by_its_label(self):
        dossier = self.draft_without_identity()
        problems = transitions.submission_problems(dossier)
        assert [(p[1], p[2]) for p in problems] == [
            ("Pièce d'identité", "Ajoutez ce papier, ou dites comment vous l'apporterez plus tard.")
        ]

    def test_filed_without_its_identity_document_the_request_is_received_and_waits_for_it(self):
        dossier = self.draft_without_identity()
        drafts.bring_later(dossier_id=dossier.pk, slot_key="identite_doc", how=PieceLater.COUNTER)
        dossier = transitions.submit_dossier(dossier_id=dossier.pk, actor=None, channel=Channel.ONLINE)
        assert dossier.received_at is not None
        assert dossier.state == DossierState.A_COMPLETER
        assert dossier.decision_due_on is None and dossier.completion_due_on is not None
        correction = dossier.corrections.get()
        assert correction.documents == ["identite_doc"] and "au guichet" in correction.message
        receipt = dossier.issued_receipts.get()
        assert receipt.reason == "depot"

        content = pdf_text(stored_bytes(receipt))
        assert "incomplète" in content and "Pièce d'identité" in content
        assert dossier.completion_due_on.strftime("%Y") in content

    def test_a_file_added_later_in_the_draft_takes_the_announcement_back(self):
        dossier = self.draft_without_identity()
        drafts.bring_later(dossier_id=dossier.pk, slot_key="identite_doc", how="mail")
        drafts.add_attachment(
            dossier_id=dossier.pk,
            slot_key="identite_doc",
            uploaded_file=SimpleUploadedFile("id.pdf", PDF),
            channel=Channel.ONLINE,
        )
        dossier.refresh_from_db()
        assert dossier.pieces_later == {}
        dossier = transitions.submit_dossier(dossier_id=dossier.pk, actor=None, channel=Channel.ONLINE)
        assert dossier.state == DossierState.DEPOSE and not dossier.corrections.exists()

    def test_an_unknown_way_is_refused(self):
        dossier = self.draft_without_identity()
        with pytest.raises(InvalidInput, match="Choisissez comment"):
            drafts.bring_later(dossier_id=dossier.pk, slot_key="identite_doc", how="pigeon")

    def test_the_whole_journey_on_the_pages_then_the_piece_brought_to_the_counter(
        self, client, login_with_2fa
    ):
        dossier = self.draft_without_identity()
        follow(client, dossier)
        pieces = reverse("procedures:documents", args=[dossier.pk])
        assert "Je n'ai pas ce papier maintenant" in client.get(pieces).content.decode()
        response = client.post(pieces, {"later_slot": "identite_doc", "how": "counter"})
        assert response.status_code == 302
        review = client.get(reverse("procedures:review", args=[dossier.pk])).content.decode()
        assert "Papiers que vous apporterez plus tard" in review and "Déposer la demande" in review
        response = client.post(reverse("procedures:review", args=[dossier.pk]))
        assert response["Location"] == reverse("procedures:receipt", args=[dossier.pk])
        receipt_page = client.get(response["Location"]).content.decode()
        assert "Votre demande est incomplète" in receipt_page and "guichet" in receipt_page
        # At the counter: the agent sees it pending, then records the piece.
        agent = member(Role.AGENT, organisation=dossier.organisation)
        counter = type(client)()
        login_with_2fa(counter, agent)
        page = counter.get(reverse("procedures:agent_dossier", args=[dossier.pk])).content.decode()
        assert "Pièces pas encore reçues" in page and "Pièce d&#x27;identité" in page
        response = counter.post(
            reverse("procedures:correct", args=[dossier.pk]),
            {
                "received_through": "counter",
                "piece-identite_doc": SimpleUploadedFile("id.png", PNG),
                "action": "send",
            },
        )
        assert response.status_code == 302
        dossier.refresh_from_db()
        assert dossier.state == DossierState.EN_INSTRUCTION and dossier.decision_due_on is not None


class TestFriction:
    """Issue 19, item 6."""

    def test_coming_back_to_a_draft_shows_what_it_is_how_far_and_what_comes_next(self, client):
        started = drafts.start_dossier(procedure=published_procedure(), channel=Channel.ONLINE)
        dossier = started.dossier
        follow(client, dossier)
        page = text(client.get(reverse("procedures:started", args=[dossier.pk])))
        assert "Aide de test" in page and dossier.number in page and "est commencée" in page
        drafts.save_answers(dossier_id=dossier.pk, values=VALID_ANSWERS)
        page = text(client.get(reverse("procedures:started", args=[dossier.pk])))
        assert (
            "Reprendre votre demande" in page and "2 étape(s) sur 5" in page
        )  # identity, and the name for the contact
        assert "Continuer : Banque" in page

    def test_the_name_typed_in_the_form_is_not_asked_again_for_the_contact(self):
        started = drafts.start_dossier(procedure=published_procedure(), channel=Channel.ONLINE)
        dossier = drafts.save_answers(dossier_id=started.dossier.pk, values={"nom": "Awa Traoré"})
        assert dossier.contact_name == "Awa Traoré"

    def test_withdrawing_asks_to_confirm_and_then_promises_no_answer_date(self, client):
        dossier = deposited()
        follow(client, dossier)
        url = reverse("procedures:withdraw", args=[dossier.pk])
        page = text(client.get(url))
        assert "Oui, retirer ma demande" in page and "Non, garder ma demande" in page
        dossier.refresh_from_db()
        assert dossier.state == DossierState.DEPOSE  # asking is not doing
        client.post(url)
        dossier.refresh_from_db()
        assert dossier.state == DossierState.RETIRE and dossier.decision_due_on is None
        page = text(client.get(reverse("procedures:dossier", args=[dossier.pk])))
        assert "Pas de réponse le" not in page and "Retirée" in page

    def test_the_dossier_page_says_what_silence_means_in_plain_words_then_the_legal_term(self, client):
        dossier = deposited()
        follow(client, dossier)
        page = text(client.get(reverse("procedures:dossier", args=[dossier.pk])))
        assert "Reçue par le service" in page
        assert (
            "c&#x27;est un refus. Vous pourrez le contester." in page
            or "c'est un refus. Vous pourrez le contester." in page
        )
        assert page.index("un refus") < page.index("décision implicite de rejet")
