import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import UserFactory, member
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
    }
    values.update(kwargs)
    return representations.declare_representation(representative=representative, **values)


@pytest.fixture
def tutor():
    return UserFactory(first_name="Marie", last_name="Leroy")


def test_a_tutor_declares_the_measure_with_its_proof_and_it_is_journaled(tutor):
    representation = _declare(tutor)
    assert representation.is_active_at()
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


def test_the_representative_starts_and_fills_a_dossier_in_their_own_name(tutor, procedure):
    representation = _declare(tutor)
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
    representation = _declare(tutor)
    started = representations.start_as_representative(representation=representation, procedure=procedure)
    client = _client(tutor)
    client.post(reverse("mandates:representation_end", args=[representation.pk]))
    response = client.post(reverse("procedures:section", args=[started.dossier.pk, "identite"]), {"nom": "x"})
    assert response.status_code == 403
    assert "représentation légale de cette personne est terminée" in response.content.decode()
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
        },
    )
    assert "son contenu a été vérifié" in response.content.decode()
    assert not LegalRepresentation.objects.exists()
