import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import OrganisationFactory, UserFactory, member
from guichet.core.exceptions import InvalidInput, PermissionDenied
from guichet.core.journal import JournalEntry
from guichet.mandates.models import LegalRepresentation
from guichet.mandates.services import representations
from guichet.mandates.tests.factories import PDF
from guichet.procedures.models import Dossier

pytestmark = pytest.mark.django_db


def _declare(representative, **kwargs):
    values = {
        "kind": "tutelle",
        "first_name": "Paul",
        "last_name": "Leroy",
        "birth_date": datetime.date(1950, 1, 1),
        "proof_kind": "jugement",
        "proof": SimpleUploadedFile("jugement.pdf", PDF),
        "ends_on": timezone.localdate() + datetime.timedelta(days=365),
        "organisation": kwargs.pop("organisation", None) or OrganisationFactory(),
    }
    values.update(kwargs)
    return representations.declare_representation(representative=representative, **values)


def _verified(representative, **kwargs):
    representation = _declare(representative, **kwargs)
    agent = member(Role.AGENT, organisation=representation.organisation)
    return representations.verify_representation(representation=representation, by=agent)


@pytest.fixture
def tutor():
    return UserFactory(first_name="Marie", last_name="Leroy")


def test_a_tutor_declares_the_measure_with_its_proof_and_it_is_journaled(tutor):
    representation = _declare(tutor)
    assert not representation.is_active_at()  # until an agent has seen the original
    assert not representation.represented.has_usable_password()
    entry = JournalEntry.objects.get(action="representation.declaree")
    assert entry.actor_id == tutor.pk and entry.on_behalf_of_id == representation.represented_id
    assert entry.data["justificatif_sha256"] == representation.proof_sha256


def test_a_parents_representation_ends_at_the_childs_eighteenth_birthday(tutor):
    birth = timezone.localdate().replace(year=timezone.localdate().year - 10, day=1)
    representation = _declare(tutor, kind="parent", proof_kind="livret", birth_date=birth, ends_on=None)
    assert representation.ends_on == birth.replace(year=birth.year + 18)
    with pytest.raises(InvalidInput, match="majeure"):
        _declare(tutor, kind="parent", proof_kind="livret", birth_date=datetime.date(1990, 1, 1))


def test_the_proof_is_checked_by_content_and_a_tutelle_needs_its_end_date(tutor):
    with pytest.raises(InvalidInput, match="contenu"):
        _declare(tutor, proof=SimpleUploadedFile("jugement.pdf", b"hello"))
    with pytest.raises(InvalidInput, match="date de fin"):
        _declare(tutor, ends_on=None)


def test_staff_cannot_declare_a_representation_from_their_professional_account():
    with pytest.raises(PermissionDenied):
        _declare(member(Role.AIDANT))


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_an_agent_of_the_chosen_organisation_verifies_or_refuses_and_only_then_may_the_representative_act(
    tutor, procedure
):
    pending = _declare(tutor)
    with pytest.raises(InvalidInput):
        representations.start_as_representative(representation=pending, procedure=procedure)
    with pytest.raises(PermissionDenied):
        representations.verify_representation(representation=pending, by=member(Role.AGENT))
    agent = member(Role.AGENT, organisation=pending.organisation)
    representations.verify_representation(representation=pending, by=agent)
    assert pending.is_active_at()
    assert JournalEntry.objects.filter(action="representation.verifiee", actor_id=agent.pk).exists()
    refused = _declare(tutor, organisation=pending.organisation)
    with pytest.raises(InvalidInput):
        representations.refuse_representation(representation=refused, by=agent, reason="")
    representations.refuse_representation(representation=refused, by=agent, reason="Jugement illisible")
    assert not refused.is_active_at() and "Jugement illisible" in refused.status_label


def test_agents_see_pending_representations_of_their_organisation_and_download_the_proof(
    tutor, login_with_2fa
):
    representation = _declare(tutor)
    agent = member(Role.AGENT, organisation=representation.organisation)
    client = Client()
    login_with_2fa(client, agent)
    page = client.get(reverse("mandates:representations_to_check")).content.decode()
    assert "Paul Leroy" in page
    proof = client.get(reverse("mandates:representation_proof", args=[representation.pk]))
    assert b"".join(proof.streaming_content).startswith(b"%PDF")
    client.post(reverse("mandates:representation_refuse", args=[representation.pk]), {"reason": ""})
    representation.refresh_from_db()
    assert representation.refused_at is None
    client.post(reverse("mandates:representation_verify", args=[representation.pk]))
    representation.refresh_from_db()
    assert representation.verified_by == agent
    other = Client()
    login_with_2fa(other, member(Role.AGENT))
    assert other.get(reverse("mandates:representation_proof", args=[representation.pk])).status_code == 404


def test_the_representative_starts_and_fills_a_dossier_in_their_own_name(tutor, procedure):
    representation = _verified(tutor)
    client = _client(tutor)
    assert "Paul Leroy" in client.get(reverse("mandates:representations")).content.decode()
    response = client.post(
        reverse("mandates:representation_start", args=[representation.pk]), {"demarche": procedure.slug}
    )
    assert response.status_code == 302
    dossier = Dossier.objects.get(usager=representation.represented)
    assert dossier.created_by == tutor
    save = client.post(
        reverse("procedures:section", args=[dossier.pk, "identite"]),
        {"nom": "Paul Leroy", "naissance": "1950-01-01", "enfants": "non"},
    )
    assert save.status_code == 302
    acts = JournalEntry.objects.filter(
        action="representation.acte", on_behalf_of_id=representation.represented_id
    )
    assert [a.data["etape"] for a in acts] == ["commencer", "section"]
    assert all(a.actor_id == tutor.pk for a in acts)


def test_an_ended_representation_is_refused_at_the_next_save_with_the_reason(tutor, procedure):
    representation = _verified(tutor)
    started = representations.start_as_representative(representation=representation, procedure=procedure)
    client = _client(tutor)
    client.post(reverse("mandates:representation_end", args=[representation.pk]))
    response = client.post(reverse("procedures:section", args=[started.dossier.pk, "identite"]), {"nom": "x"})
    assert response.status_code == 403
    assert "représentation légale de cette personne n" in response.content.decode()
    assert "terminée" in response.content.decode()
    assert JournalEntry.objects.get(action="mandat.refus").data == {"motif": "representation_terminee"}


def test_someone_else_cannot_use_or_end_the_representation(tutor, procedure):
    representation = _declare(tutor)
    client = _client(UserFactory())
    url = reverse("mandates:representation_start", args=[representation.pk])
    assert client.post(url, {"demarche": procedure.slug}).status_code == 404
    assert client.post(reverse("mandates:representation_end", args=[representation.pk])).status_code == 404
    assert LegalRepresentation.objects.get().ended_at is None


def test_declaring_through_the_page_keeps_the_form_on_a_bad_file(tutor):
    response = _client(tutor).post(
        reverse("mandates:representations"),
        {
            "kind": "curatelle",
            "first_name": "Paul",
            "last_name": "Leroy",
            "birth_date": "1950-01-01",
            "proof_kind": "jugement",
            "proof": SimpleUploadedFile("j.pdf", b"nope"),
            "ends_on": "2030-01-01",
            "organisation": str(OrganisationFactory().pk),
        },
    )
    assert "son contenu a été vérifié" in response.content.decode()
    assert not LegalRepresentation.objects.exists()
