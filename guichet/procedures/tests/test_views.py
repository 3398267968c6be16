import datetime
import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import UserFactory, member
from guichet.core.channels import Channel
from guichet.procedures.models import Dossier, DossierState
from guichet.procedures.services import transitions
from guichet.procedures.tests.factories import PDF, VALID_ANSWERS, published_procedure
from guichet.procedures.tests.test_services import deposited

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def _start_online(client, procedure):
    response = client.post(f"/demarches/{procedure.slug}/commencer/")
    assert response.status_code == 302
    return Dossier.objects.get()


def test_continue_with_an_unanswered_choice_shows_the_error_not_new_questions(client):
    procedure = published_procedure()
    dossier = _start_online(client, procedure)
    page = client.post(
        f"/dossiers/{dossier.pk}/etape/identite/",
        {"action": "next", "nom": "Camille", "naissance": "1980-05-04"},
        follow=True,
    )
    content = text(page)
    assert "nouvelles questions" not in content
    assert "Le formulaire contient" in content and 'value="Camille"' in content


def test_catalogue_lists_only_published_procedures(client):
    published = published_procedure()
    hidden = published_procedure(slug="cachee")
    hidden.is_published = False
    hidden.save()
    content = text(client.get("/demarches/"))
    assert published.title in content and "/demarches/cachee/" not in content
    assert client.get("/demarches/cachee/").status_code == 404


def test_full_online_journey_without_javascript_or_account(client):
    procedure = published_procedure()
    detail = text(client.get(f"/demarches/{procedure.slug}/"))
    assert "Pièce d'identité" in detail or "Pièce d'identité" in detail
    dossier = _start_online(client, procedure)
    started = text(client.get(f"/dossiers/{dossier.pk}/commence/"))
    code = re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", started).group(0)
    section = f"/dossiers/{dossier.pk}/etape/identite/"
    # "Enregistrer le brouillon" keeps even an invalid date.
    client.post(section, {"action": "save", "nom": "Camille", "naissance": "31/02/1980", "enfants": "non"})
    dossier.refresh_from_db()
    assert dossier.answers["naissance"] == "31/02/1980"
    # A conditional question that appears is shown before moving on.
    appeared = client.post(
        section,
        {"action": "next", "nom": "Camille", "naissance": "31/02/1980", "enfants": "oui"},
        follow=True,
    )
    assert "nouvelles questions" in text(appeared) and "Nombre d'enfants" in text(appeared)
    # "Continuer" validates, shows the error summary and keeps what was typed.
    page = client.post(
        section,
        {"action": "next", "nom": "Camille", "naissance": "31/02/1980", "enfants": "oui", "nb_enfants": "2"},
    )
    content = text(page)
    assert "Le formulaire contient" in content and 'value="Camille"' in content
    ok = client.post(
        section,
        {"action": "next", "nom": "Camille", "naissance": "1980-05-04", "enfants": "oui", "nb_enfants": "2"},
    )
    assert ok["Location"] == f"/dossiers/{dossier.pk}/etape/banque/"
    client.post(
        f"/dossiers/{dossier.pk}/pieces/", {"slot": "identite_doc", "file": SimpleUploadedFile("id.pdf", PDF)}
    )
    client.post(
        f"/dossiers/{dossier.pk}/coordonnees/",
        {
            "contact_name": "Camille Durand",
            "notify_by": "none",
            "contact_email": "",
            "contact_phone": "",
            "contact_address": "",
        },
    )
    review = text(client.get(f"/dossiers/{dossier.pk}/recapitulatif/"))
    assert "Déposer la demande" in review
    done = client.post(f"/dossiers/{dossier.pk}/recapitulatif/")
    assert done["Location"] == f"/dossiers/{dossier.pk}/accuse-de-reception/"
    again = client.post(f"/dossiers/{dossier.pk}/recapitulatif/")  # a double click
    assert again.status_code == 302
    assert Dossier.objects.count() == 1
    dossier.refresh_from_db()
    assert dossier.state == DossierState.DEPOSE and dossier.channel == Channel.ONLINE
    # From another computer: number + code.
    other = type(client)()
    assert other.get(f"/dossiers/{dossier.pk}/").status_code == 404
    response = other.post("/suivi/", {"number": dossier.number, "code": code})
    assert response["Location"] == f"/dossiers/{dossier.pk}/"
    status = text(other.get(f"/dossiers/{dossier.pk}/"))
    assert "Déposé" in status
    other.post(f"/dossiers/{dossier.pk}/message/", {"body": "J'ai une question sur le délai."})
    assert dossier.messages.get().from_usager


def test_wrong_followup_code_is_explained_in_french(client):
    dossier = deposited()
    response = client.post("/suivi/", {"number": dossier.number, "code": "AAAA-BBBB-CCCC"})
    assert response.status_code == 200
    assert "ne correspond pas" in text(response)


def test_a_usager_cannot_open_someone_elses_dossier(client):
    dossier = deposited()
    client.force_login(UserFactory())
    for url in [
        f"/dossiers/{dossier.pk}/",
        f"/dossiers/{dossier.pk}/accuse-de-reception/",
        f"/dossiers/{dossier.pk}/accuse-de-reception.pdf",
        f"/dossiers/{dossier.pk}/etape/identite/",
        f"/dossiers/{dossier.pk}/pieces/",
        f"/dossiers/{dossier.pk}/coordonnees/",
        f"/dossiers/{dossier.pk}/recapitulatif/",
        f"/dossiers/{dossier.pk}/corriger/",
        f"/dossiers/{dossier.pk}/fiche-de-suivi.pdf",
        f"/dossiers/{dossier.pk}/pieces/{dossier.attachments.get().pk}/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/dossiers/{dossier.pk}/message/", {"body": "x"}).status_code == 404
    assert client.post(f"/dossiers/{dossier.pk}/retirer/").status_code == 404


def test_receipt_carries_every_legal_mention(client):
    procedure = published_procedure(days=45, implicit="rejection")
    dossier = _start_online(client, procedure)
    Dossier.objects.filter(pk=dossier.pk).update(answers=VALID_ANSWERS, contact_name="Camille Durand")
    client.post(
        f"/dossiers/{dossier.pk}/pieces/", {"slot": "identite_doc", "file": SimpleUploadedFile("id.pdf", PDF)}
    )
    client.post(f"/dossiers/{dossier.pk}/recapitulatif/")
    dossier.refresh_from_db()
    content = text(client.get(f"/dossiers/{dossier.pk}/accuse-de-reception/"))
    for mention in [
        "Accusé de réception",
        dossier.number,
        "Date de réception de la demande",
        dossier.organisation.name,
        "45 jours",
        dossier.decision_due_on.strftime("%Y"),
        "réputée rejetée",
        "un refus. Vous pourrez le contester.",
        "Voies et délais de recours",
        "deux mois",
        "tribunal administratif",
        "L112-3",
        "R112-5",
        "L112-11",
        "R112-11-1",
        "droit à l'erreur",
    ]:
        assert mention in content, mention


def test_receipt_of_an_implicit_acceptance_mentions_the_attestation(client):
    procedure = published_procedure(implicit="acceptance")
    dossier = deposited(procedure=procedure)
    client.force_login(dossier.usager or UserFactory())
    session = client.session
    session["guichet_dossiers_suivis"] = [str(dossier.pk)]
    session.save()
    content = text(client.get(f"/dossiers/{dossier.pk}/accuse-de-reception/"))
    assert "réputée acceptée" in content and "L232-3" in content


def test_incomplete_dossier_receipt_lists_missing_items_and_the_date(client):
    dossier = deposited()
    transitions.request_correction(
        dossier_id=dossier.pk,
        actor=member(Role.AGENT),
        fields=["nom"],
        documents=["identite_doc"],
        message="Illisible",
    )
    session = client.session
    session["guichet_dossiers_suivis"] = [str(dossier.pk)]
    session.save()
    content = text(client.get(f"/dossiers/{dossier.pk}/accuse-de-reception/"))
    assert "Votre demande est incomplète" in content
    assert "Pièce d'identité" in content
    due = (timezone.localdate() + datetime.timedelta(days=30)).year
    assert str(due) in content


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_receipt_pdf_opens_and_contains_the_mentions(client):
    dossier = deposited()
    session = client.session
    session["guichet_dossiers_suivis"] = [str(dossier.pk)]
    session.save()
    response = client.get(f"/dossiers/{dossier.pk}/accuse-de-reception.pdf")
    assert response["Content-Type"] == "application/pdf"
    content = pdf_text(response.content)
    for mention in [
        dossier.number,
        "Accusé de réception",
        "Voies et délais de recours",
        "R112-5",
        dossier.organisation.name,
    ]:
        assert mention in content, mention


def test_followup_sheet_pdf_is_only_for_the_session_that_got_the_code(client):
    procedure = published_procedure()
    dossier = _start_online(client, procedure)
    sheet = pdf_text(client.get(f"/dossiers/{dossier.pk}/fiche-de-suivi.pdf").content)
    assert dossier.number in sheet and "Code de suivi" in sheet
    other = type(client)()
    session = other.session
    session["guichet_dossiers_suivis"] = [str(dossier.pk)]
    session.save()
    assert other.get(f"/dossiers/{dossier.pk}/fiche-de-suivi.pdf").status_code == 404


def test_autosave_answers_json_and_stores_the_field(client):
    dossier = _start_online(client, published_procedure())
    response = client.post(
        f"/dossiers/{dossier.pk}/etape/identite/", {"nom": "Autosauvé"}, headers={"X-Autosave": "1"}
    )
    assert response.json()["enregistre"] is True
    dossier.refresh_from_db()
    assert dossier.answers["nom"] == "Autosauvé"


def test_a_stale_page_gets_a_conflict_and_keeps_what_was_typed(client):
    dossier = _start_online(client, published_procedure())
    page = f"/dossiers/{dossier.pk}/etape/identite/"
    client.post(page, {"nom": "Première", "lock_version": "0"})
    response = client.post(page, {"nom": "Seconde", "lock_version": "0", "action": "save"})
    assert response.status_code == 409
    assert 'value="Seconde"' in text(response)


def test_bad_upload_is_explained_and_nothing_is_stored(client):
    dossier = _start_online(client, published_procedure())
    response = client.post(
        f"/dossiers/{dossier.pk}/pieces/",
        {"slot": "identite_doc", "file": SimpleUploadedFile("photo.png", b"<html>pas une image</html>")},
    )
    assert response.status_code == 400
    assert "contenu a été vérifié" in text(response)
    assert dossier.attachments.count() == 0
