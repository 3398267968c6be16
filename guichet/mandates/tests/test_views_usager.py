import pytest
from django.test import Client
from django.urls import reverse

from guichet.accounts.tests.factories import UserFactory
from guichet.mandates.models import MandateState
from guichet.mandates.services import acting, consent, mandates

pytestmark = pytest.mark.django_db


@pytest.fixture
def usager_client(usager):
    client = Client()
    client.force_login(usager)
    return client


def test_who_acted_for_me_lists_mandates_and_every_action_with_who_and_which_organisation(
    usager_client, mandate, aidant, procedure
):
    started = acting.start_under_mandate(mandate=mandate, aidant=aidant, procedure=procedure)
    page = usager_client.get(reverse("mandates:who_acted")).content.decode()
    assert mandate.reference in page
    assert "Moussa Diallo a commencé votre demande" in page
    assert started.dossier.number in page
    assert "Moussa Diallo" in page
    assert "France Services de Villeneuve" in page


def test_the_usager_revokes_from_who_acted_for_me(usager_client, mandate):
    response = usager_client.post(reverse("mandates:usager_revoke", args=[mandate.pk]))
    assert response.status_code == 302
    mandate.refresh_from_db()
    assert mandate.state == MandateState.REVOKED and mandate.revoked_as == "usager"


def test_another_person_cannot_revoke_my_mandate(mandate):
    client = Client()
    client.force_login(UserFactory())
    assert client.post(reverse("mandates:usager_revoke", args=[mandate.pk])).status_code == 404


def test_a_usager_without_account_follows_and_revokes_with_the_printed_code(
    organisation, usager, aidant, procedure
):
    draft = mandates.create_mandate(
        usager=usager,
        organisation=organisation,
        by=aidant,
        categories=["social"],
        procedure_ids=[],
        duration="1m",
    )
    result = consent.consent_in_person(
        mandate=draft, by=aidant, identity_check="cni", method="ecran", signed=True, signature_name="J Leroy"
    )
    started = acting.start_under_mandate(mandate=result.mandate, aidant=aidant, procedure=procedure)
    client = Client()
    followup = reverse("mandates:mandate_followup", args=[draft.pk])
    assert client.get(followup).status_code == 404
    wrong = client.post(reverse("mandates:revoke_with_code"), {"reference": draft.reference, "code": "AAAA"})
    assert "ne correspond pas" in wrong.content.decode()
    response = client.post(
        reverse("mandates:revoke_with_code"), {"reference": draft.reference, "code": result.followup_code}
    )
    assert response["Location"] == followup
    page = client.get(followup).content.decode()
    assert started.dossier.number in page and "Moussa Diallo" in page
    client.post(followup)
    draft.refresh_from_db()
    assert draft.state == MandateState.REVOKED and draft.revoked_as == "usager_code"
    page = client.get(followup).content.decode()
    assert "est révoqué" in page and "la personne elle-même" in page


def test_an_expired_mandate_shows_no_revoke_button(usager_client, organisation, usager):
    from guichet.mandates.tests.factories import expired_mandate

    expired_mandate(organisation=organisation, usager=usager)
    page = usager_client.get(reverse("mandates:who_acted")).content.decode()
    assert "Expiré" in page and "Révoquer" not in page


def test_who_acted_for_me_is_empty_for_someone_nobody_helped(db):
    client = Client()
    client.force_login(UserFactory())
    page = client.get(reverse("mandates:who_acted")).content.decode()
    assert "Rien n'a été fait en votre nom" in page


def test_who_acted_for_me_opens_without_an_account_with_the_mandate_number_and_code(
    organisation, usager, aidant, procedure
):
    """Issue 19, blocker 4: most people an aidant helps have no account."""
    draft = mandates.create_mandate(
        usager=usager,
        organisation=organisation,
        by=aidant,
        categories=["social"],
        procedure_ids=[],
        duration="1m",
    )
    result = consent.consent_in_person(
        mandate=draft, by=aidant, identity_check="cni", method="ecran", signed=True, signature_name="J Leroy"
    )
    started = acting.start_under_mandate(mandate=result.mandate, aidant=aidant, procedure=procedure)
    client = Client()
    url = reverse("mandates:who_acted")
    page = client.get(url)
    assert page.status_code == 200 and "Numéro du mandat" in page.content.decode()
    assert reverse("mandates:who_acted") in client.get("/").content.decode()
    assert reverse("mandates:who_acted") in client.get(reverse("procedures:followup")).content.decode()
    wrong = client.post(url, {"reference": draft.reference, "code": "AAAA-BBBB-CCCC"})
    assert wrong.status_code == 200 and "ne correspond pas" in wrong.content.decode()
    response = client.post(
        url, {"reference": draft.reference.removeprefix("M-"), "code": result.followup_code}
    )
    assert response["Location"] == reverse("mandates:mandate_followup", args=[draft.pk])
    page = client.get(response["Location"]).content.decode()
    assert started.dossier.number in page and "Moussa Diallo" in page


def test_who_acted_for_me_is_throttled_like_the_dossier_code(organisation, usager, aidant):
    draft = mandates.create_mandate(
        usager=usager,
        organisation=organisation,
        by=aidant,
        categories=["social"],
        procedure_ids=[],
        duration="1m",
    )
    result = consent.consent_in_person(
        mandate=draft, by=aidant, identity_check="cni", method="ecran", signed=True, signature_name="J Leroy"
    )
    client = Client()
    url = reverse("mandates:who_acted")
    for _ in range(5):
        client.post(url, {"reference": draft.reference, "code": "AAAA-BBBB-CCCC"})
    locked = client.post(url, {"reference": draft.reference, "code": result.followup_code})
    assert locked.status_code == 200 and "Trop d" in locked.content.decode()


def test_the_paper_copy_gives_the_address_and_phone_in_words_and_keeps_the_hashes_on_a_second_page(
    organisation, usager, aidant
):
    import io

    from pypdf import PdfReader

    from guichet.mandates import documents

    organisation.phone = "+262262123456"
    organisation.save()
    draft = mandates.create_mandate(
        usager=usager,
        organisation=organisation,
        by=aidant,
        categories=["social"],
        procedure_ids=[],
        duration="1m",
    )
    result = consent.consent_in_person(
        mandate=draft, by=aidant, identity_check="cni", method="ecran", signed=True, signature_name="J Leroy"
    )
    reader = PdfReader(io.BytesIO(documents.mandate_pdf(result.mandate, code=result.followup_code)))
    pages = [page.extract_text() for page in reader.pages]
    first = pages[0]
    proof = next(i for i, text in enumerate(pages) if "Pour un contrôle" in text)
    rest = "\n".join(pages[proof:])
    assert proof > 0 and not pages[proof].startswith("•")
    assert "/qui-a-agi-pour-moi/" in first.replace("\n", "") and result.followup_code in first
    assert "0262 12 34 56" in first.replace("\n", " ")
    assert "SHA-256" not in first and "SHA-256" in rest
