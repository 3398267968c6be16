import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import member
from guichet.core.journal import JournalEntry
from guichet.mandates.models import Habilitation, MandateState
from guichet.mandates.tests.factories import PDF, MandateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def responsable(organisation):
    return member(Role.RESPONSABLE, organisation=organisation, first_name="Sophie", last_name="Bernard")


@pytest.fixture
def responsable_client(responsable, login_with_2fa):
    client = Client()
    login_with_2fa(client, responsable)
    return client


def test_the_responsable_sees_aidants_and_mandates_of_their_organisation(responsable_client, aidant, mandate):
    page = responsable_client.get(reverse("mandates:aidants")).content.decode()
    assert "Moussa Diallo" in page
    assert mandate.reference in page


def test_enrolment_form_creates_the_habilitation_and_sends_the_invitation(
    responsable_client, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = responsable_client.post(
            reverse("mandates:enrol", args=[organisation.pk]),
            {
                "first_name": "Awa",
                "last_name": "Traoré",
                "email": "awa@exemple.fr",
                "trained_on": "2026-02-01",
                "attestation": SimpleUploadedFile("attestation.pdf", PDF),
                "charter_accepted": "on",
            },
        )
    assert response.status_code == 302
    habilitation = Habilitation.objects.get(user__email="awa@exemple.fr")
    assert habilitation.trained_on == datetime.date(2026, 2, 1)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["awa@exemple.fr"]


def test_an_attestation_that_is_not_a_document_is_refused_and_the_form_kept(responsable_client, organisation):
    response = responsable_client.post(
        reverse("mandates:enrol", args=[organisation.pk]),
        {
            "first_name": "Awa",
            "last_name": "Traoré",
            "email": "awa@exemple.fr",
            "trained_on": "2026-02-01",
            "attestation": SimpleUploadedFile("attestation.pdf", b"<script>alert(1)</script>"),
            "charter_accepted": "on",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "son contenu a été vérifié" in page and 'value="Traoré"' in page
    assert not Habilitation.objects.exists()


def test_suspend_and_reactivate_from_the_list(responsable_client, aidant):
    habilitation = aidant.habilitations.get()
    response = responsable_client.post(
        reverse("mandates:suspend", args=[habilitation.pk]), {"reason": "Enquête"}
    )
    assert response.status_code == 302
    habilitation.refresh_from_db()
    assert habilitation.status == Habilitation.Status.SUSPENDED
    responsable_client.post(reverse("mandates:reactivate", args=[habilitation.pk]))
    habilitation.refresh_from_db()
    assert habilitation.status == Habilitation.Status.ACTIVE


def test_suspension_without_a_reason_changes_nothing(responsable_client, aidant):
    habilitation = aidant.habilitations.get()
    responsable_client.post(reverse("mandates:suspend", args=[habilitation.pk]), {"reason": ""})
    habilitation.refresh_from_db()
    assert habilitation.status == Habilitation.Status.ACTIVE


def test_the_responsable_downloads_the_attestation(responsable_client, aidant):
    response = responsable_client.get(reverse("mandates:attestation", args=[aidant.habilitations.get().pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_responsable_revokes_a_mandate(responsable_client, mandate):
    response = responsable_client.post(reverse("mandates:responsable_revoke", args=[mandate.pk]))
    assert response.status_code == 302
    mandate.refresh_from_db()
    assert mandate.state == MandateState.REVOKED
    assert JournalEntry.objects.get(action="mandat.revoque").data == {"par": "responsable"}


def test_another_organisations_responsable_gets_404_on_its_aidants_and_mandates(aidant, login_with_2fa):
    client = Client()
    login_with_2fa(client, member(Role.RESPONSABLE))
    mandate = MandateFactory(organisation=aidant.habilitations.get().organisation)
    assert client.post(reverse("mandates:responsable_revoke", args=[mandate.pk])).status_code == 404
    assert (
        client.get(reverse("mandates:attestation", args=[aidant.habilitations.get().pk])).status_code == 404
    )


def test_the_django_admin_shows_mandates_read_only(mandate, client):
    from guichet.accounts.tests.factories import UserFactory

    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    from django_otp import DEVICE_ID_SESSION_KEY

    from guichet.accounts.tests.factories import totp_device

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp_device(admin_user).persistent_id
    session.save()
    url = f"/administration/mandates/mandate/{mandate.pk}/change/"
    response = client.get(url)
    assert response.status_code == 200 and mandate.reference in response.content.decode()
    client.post(url, {"reference": "CHANGE"})
    mandate.refresh_from_db()
    assert mandate.reference != "CHANGE"
