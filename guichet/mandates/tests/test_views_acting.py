"""An aidant acts on a dossier through the procedures pages, under a mandate checked at every request."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from guichet.core.channels import Channel
from guichet.core.journal import JournalEntry
from guichet.mandates.models import Habilitation
from guichet.mandates.services import mandates as mandate_services
from guichet.mandates.tests.factories import MandateFactory, habilitated_aidant
from guichet.procedures.models import Dossier, DossierState
from guichet.procedures.tests.factories import published_procedure

pytestmark = pytest.mark.django_db


def _start(client, mandate, procedure):
    response = client.post(reverse("mandates:act_start", args=[mandate.pk, procedure.pk]))
    assert response.status_code == 302, response.content
    return Dossier.objects.get(usager=mandate.usager)


def _save(client, dossier, name="Jeannine Leroy", lock_version=None):
    url = reverse("procedures:section", args=[dossier.pk, "identite"])
    data = {"nom": name, "naissance": "1948-03-02", "enfants": "non"}
    if lock_version is not None:
        data["lock_version"] = lock_version
    return client.post(url, data)


def test_an_aidant_starts_a_dossier_for_the_person_on_the_aidant_channel(aidant_client, mandate, procedure):
    dossier = _start(aidant_client, mandate, procedure)
    assert dossier.channel == Channel.AIDANT
    assert dossier.usager == mandate.usager
    act = JournalEntry.objects.get(action="mandat.acte")
    assert act.mandate_id == mandate.pk
    assert act.organisation_id == mandate.organisation_id
    assert act.on_behalf_of_id == mandate.usager_id
    assert act.channel == Channel.AIDANT
    assert act.data["etape"] == "commencer"


def test_every_save_under_mandate_is_journaled_with_the_mandate(aidant_client, mandate, procedure):
    dossier = _start(aidant_client, mandate, procedure)
    assert aidant_client.get(reverse("procedures:section", args=[dossier.pk, "identite"])).status_code == 200
    assert _save(aidant_client, dossier).status_code == 302
    dossier.refresh_from_db()
    assert dossier.answers["nom"] == "Jeannine Leroy"
    steps = list(JournalEntry.objects.filter(action="mandat.acte").values_list("data__etape", flat=True))
    assert steps == ["commencer", "section"]


def test_a_mandate_revoked_while_the_page_was_open_refuses_the_next_save_and_says_why(
    aidant_client, mandate, procedure, usager
):
    dossier = _start(aidant_client, mandate, procedure)
    mandate_services.revoke_mandate(mandate=mandate, by=usager, revoked_as="usager")
    response = _save(aidant_client, dossier, name="Changé")
    assert response.status_code == 403
    assert "a été révoqué le" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.answers.get("nom") != "Changé"
    refusal = JournalEntry.objects.get(action="mandat.refus")
    assert refusal.data == {"motif": "revoque"}
    assert refusal.mandate_id == mandate.pk and refusal.subject_id == str(dossier.pk)


def test_an_expired_mandate_is_refused_at_the_next_request(aidant_client, mandate, procedure):
    dossier = _start(aidant_client, mandate, procedure)
    type(mandate).objects.filter(pk=mandate.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = aidant_client.post(reverse("procedures:review", args=[dossier.pk]))
    assert response.status_code == 403
    assert "a pris fin le" in response.content.decode()
    assert JournalEntry.objects.get(action="mandat.refus").data == {"motif": "expire"}


def test_an_expired_mandate_cannot_start_a_dossier(aidant_client, mandate, procedure):
    type(mandate).objects.filter(pk=mandate.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = aidant_client.post(reverse("mandates:act_start", args=[mandate.pk, procedure.pk]))
    assert response.status_code == 403
    assert not Dossier.objects.exists()
    assert JournalEntry.objects.filter(action="mandat.refus").count() == 1


def test_a_procedure_outside_the_scope_is_refused_with_the_reason(aidant_client, organisation, usager):
    mandate = MandateFactory(organisation=organisation, usager=usager, categories=["logement"])
    response = aidant_client.post(reverse("mandates:act_start", args=[mandate.pk, published_procedure().pk]))
    assert response.status_code == 403
    assert "ne couvre pas la démarche" in response.content.decode()
    assert JournalEntry.objects.get(action="mandat.refus").data == {"motif": "hors_champ"}


def test_an_aidant_suspended_during_the_work_is_refused_at_the_next_save(
    aidant_client, aidant, mandate, procedure
):
    dossier = _start(aidant_client, mandate, procedure)
    Habilitation.objects.filter(user=aidant).update(status=Habilitation.Status.SUSPENDED)
    response = _save(aidant_client, dossier)
    assert response.status_code == 403
    assert "suspendue" in response.content.decode()


def test_an_aidant_without_a_chosen_mandate_sees_no_dossier(aidant_client, mandate, procedure, usager):
    dossier = Dossier.objects.create(
        number="2026-TEST01",
        procedure_version=procedure.versions.get(),
        organisation=procedure.organisation,
        channel=Channel.ONLINE,
        usager=usager,
    )
    assert aidant_client.get(reverse("procedures:review", args=[dossier.pk])).status_code == 404


def test_two_aidants_saving_the_same_dossier_at_once_get_one_conflict_message(
    aidant_client, organisation, mandate, procedure, login_with_2fa
):
    dossier = _start(aidant_client, mandate, procedure)
    other = Client()
    login_with_2fa(other, habilitated_aidant(organisation))
    assert other.post(reverse("mandates:act_continue", args=[mandate.pk, dossier.pk])).status_code == 302
    dossier.refresh_from_db()
    version = dossier.lock_version
    assert _save(aidant_client, dossier, name="Premier", lock_version=version).status_code == 302
    response = _save(other, dossier, name="Second", lock_version=version)
    assert response.status_code == 409
    assert response.content.decode().count("modifié par quelqu") == 1
    dossier.refresh_from_db()
    assert dossier.answers["nom"] == "Premier"


def test_the_aidant_submits_the_dossier_on_the_aidant_channel(aidant_client, mandate, procedure):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from guichet.procedures.tests.factories import PDF

    dossier = _start(aidant_client, mandate, procedure)
    _save(aidant_client, dossier)
    aidant_client.post(
        reverse("procedures:documents", args=[dossier.pk]),
        {"slot": "identite_doc", "file": SimpleUploadedFile("id.pdf", PDF)},
    )
    aidant_client.post(
        reverse("procedures:contact", args=[dossier.pk]),
        {"contact_name": "Jeannine Leroy", "notify_by": "none"},
    )
    response = aidant_client.post(reverse("procedures:review", args=[dossier.pk]))
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.state == DossierState.DEPOSE
    submit = JournalEntry.objects.get(action="dossier.submit")
    assert submit.channel == Channel.AIDANT and submit.on_behalf_of_id == mandate.usager_id
    steps = list(JournalEntry.objects.filter(action="mandat.acte").values_list("data__etape", flat=True))
    assert steps == ["commencer", "section", "documents", "contact", "review"]


def test_a_save_under_mandate_stays_within_its_query_budget(aidant_client, mandate, procedure, query_budget):
    """The mandate is checked and the act journaled at every save: 24 queries measured (10 for a usager)."""
    dossier = _start(aidant_client, mandate, procedure)
    with query_budget(28):
        assert _save(aidant_client, dossier).status_code == 302


def test_the_aidant_never_sees_the_follow_up_code_and_the_person_receives_it(
    aidant_client, mandate, procedure
):
    from guichet.core.models import Notification

    response = aidant_client.post(reverse("mandates:act_start", args=[mandate.pk, procedure.pk]), follow=True)
    dossier = Dossier.objects.get(usager=mandate.usager)
    page = response.content.decode()
    assert "envoyés à la personne par SMS" in page
    assert 'class="followup-code"' not in page
    sms = Notification.objects.get(kind="sms", recipient=mandate.usager.phone)
    assert dossier.number in sms.body or sms.secret
    sheet = aidant_client.get(reverse("procedures:followup_sheet", args=[dossier.pk]))
    assert sheet.status_code == 404


def test_after_revocation_the_follow_up_page_does_not_give_the_aidant_the_persons_place(
    aidant_client, mandate, procedure
):
    from guichet.procedures.services import followup

    dossier = _start(aidant_client, mandate, procedure)
    code = followup.reset_followup_code(dossier=dossier, actor=None)  # suppose the aidant learnt it
    mandate_services.revoke_mandate(mandate=mandate, by=mandate.usager, revoked_as="usager")
    response = aidant_client.post(reverse("procedures:followup"), {"number": dossier.number, "code": code})
    assert "compte professionnel" in response.content.decode()
    assert aidant_client.get(reverse("procedures:dossier", args=[dossier.pk])).status_code in (403, 404)
    assert _save(aidant_client, dossier).status_code in (403, 404)
