import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from guichet.accounts.models import Membership, Role
from guichet.accounts.tests.factories import OrganisationFactory, member
from guichet.core.exceptions import InvalidInput, PermissionDenied
from guichet.core.journal import JournalEntry
from guichet.mandates.models import Habilitation
from guichet.mandates.selectors import is_habilitated
from guichet.mandates.services import habilitations
from guichet.mandates.tests.factories import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return OrganisationFactory()


@pytest.fixture
def responsable(organisation):
    return member(Role.RESPONSABLE, organisation=organisation)


def _enrol(organisation, by, **kwargs):
    values = {
        "first_name": "Moussa",
        "last_name": "Diallo",
        "email": "moussa@exemple.fr",
        "trained_on": datetime.date(2026, 1, 10),
        "attestation": SimpleUploadedFile("attestation.pdf", PDF),
        "charter_accepted": True,
    }
    values.update(kwargs)
    return habilitations.enrol_aidant(organisation=organisation, by=by, **values)


def test_a_responsable_enrols_an_aidant_who_gets_the_role_and_the_habilitation(organisation, responsable):
    habilitation = _enrol(organisation, responsable)
    user = habilitation.user
    assert Membership.objects.filter(user=user, organisation=organisation, role=Role.AIDANT).exists()
    assert is_habilitated(user=user, organisation=organisation)
    assert not user.has_usable_password()
    assert habilitation.attachment_type == "application/pdf"
    assert JournalEntry.objects.get(action="habilitation.accordee").data["aidant"] == str(user.pk)


def test_the_new_aidant_is_invited_by_email_to_choose_a_password(
    organisation, responsable, django_capture_on_commit_callbacks
):
    habilitation = _enrol(organisation, responsable)
    with django_capture_on_commit_callbacks(execute=True):
        habilitations.invite_aidant(habilitation=habilitation, site_url="https://guichet.example/")
    assert len(mail.outbox) == 1
    assert "https://guichet.example/comptes/mot-de-passe/nouveau/" in mail.outbox[0].body
    assert "double authentification" in mail.outbox[0].body


def test_enrolment_checks_the_attestation_by_content_and_requires_the_charter(organisation, responsable):
    with pytest.raises(InvalidInput, match="contenu"):
        _enrol(organisation, responsable, attestation=SimpleUploadedFile("attestation.pdf", b"MZ fake exe"))
    with pytest.raises(InvalidInput, match="charte"):
        _enrol(organisation, responsable, charter_accepted=False)
    with pytest.raises(InvalidInput, match="futur"):
        _enrol(organisation, responsable, trained_on=datetime.date.today() + datetime.timedelta(days=2))


def test_only_a_responsable_of_the_organisation_enrols(organisation):
    with pytest.raises(PermissionDenied):
        _enrol(organisation, member(Role.RESPONSABLE))
    with pytest.raises(PermissionDenied):
        _enrol(organisation, member(Role.AIDANT, organisation=organisation))


def test_enrolling_the_same_person_twice_is_refused(organisation, responsable):
    _enrol(organisation, responsable)
    with pytest.raises(InvalidInput, match="déjà"):
        _enrol(organisation, responsable)


def test_suspension_needs_a_reason_and_reactivation_restores_the_habilitation(organisation, responsable):
    habilitation = _enrol(organisation, responsable)
    with pytest.raises(InvalidInput):
        habilitations.suspend_habilitation(habilitation=habilitation, by=responsable, reason=" ")
    habilitations.suspend_habilitation(habilitation=habilitation, by=responsable, reason="Départ en congé")
    assert habilitation.status == Habilitation.Status.SUSPENDED
    assert not is_habilitated(user=habilitation.user, organisation=organisation)
    habilitations.reactivate_habilitation(habilitation=habilitation, by=responsable)
    assert is_habilitated(user=habilitation.user, organisation=organisation)
    actions = list(JournalEntry.objects.values_list("action", flat=True))
    assert actions[-2:] == ["habilitation.suspendue", "habilitation.retablie"]


def test_another_organisations_responsable_cannot_suspend(organisation, responsable):
    habilitation = _enrol(organisation, responsable)
    with pytest.raises(PermissionDenied):
        habilitations.suspend_habilitation(habilitation=habilitation, by=member(Role.RESPONSABLE), reason="x")
