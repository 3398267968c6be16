import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import OrganisationFactory, UserFactory, member
from guichet.core.exceptions import InvalidInput, PermissionDenied
from guichet.core.journal import JournalEntry
from guichet.mandates.models import ConsentMethod, Habilitation, IdentityCheck, MandateState
from guichet.mandates.perms import MandateRefused
from guichet.mandates.services import consent, mandates
from guichet.mandates.tests.factories import PDF, MandateFactory, expired_mandate, habilitated_aidant
from guichet.procedures.tests.factories import published_procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def aidant():
    return habilitated_aidant(OrganisationFactory(name="France Services"))


@pytest.fixture
def organisation(aidant):
    return aidant.habilitations.get().organisation


def _draft(aidant, organisation, **kwargs):
    usager = kwargs.pop("usager", None) or UserFactory(
        last_name="Leroy", first_name="Jeannine", phone="+33612345678"
    )
    return mandates.create_mandate(
        usager=usager,
        organisation=organisation,
        by=aidant,
        categories=kwargs.pop("categories", ["social"]),
        procedure_ids=kwargs.pop("procedure_ids", []),
        duration=kwargs.pop("duration", "1m"),
    )


def test_register_person_creates_a_user_without_password_nor_email(aidant, organisation):
    person = mandates.register_person(
        organisation=organisation,
        by=aidant,
        first_name="Jeannine",
        last_name="Leroy",
        birth_date=datetime.date(1948, 3, 2),
        phone="06 12 34 56 78",
    )
    assert not person.has_usable_password()
    assert person.email == ""
    assert person.phone == "+33612345678"
    assert person.accompanied.birth_date == datetime.date(1948, 3, 2)
    assert JournalEntry.objects.filter(action="personne.enregistree", on_behalf_of_id=person.pk).exists()


def test_register_person_refuses_a_birth_date_in_the_future(aidant, organisation):
    with pytest.raises(InvalidInput):
        mandates.register_person(
            organisation=organisation,
            by=aidant,
            first_name="A",
            last_name="B",
            birth_date=timezone.localdate() + datetime.timedelta(days=1),
        )


def test_a_new_mandate_awaits_consent_and_is_journaled_with_its_scope(aidant, organisation):
    mandate = _draft(aidant, organisation, categories=["social", "argent"])
    assert mandate.state == MandateState.AWAITING_CONSENT
    assert mandate.reference.startswith("M-") and len(mandate.reference) == 9
    entry = JournalEntry.objects.get(action="mandat.cree", mandate_id=mandate.pk)
    assert entry.data["themes"] == ["argent", "social"]
    assert entry.on_behalf_of_id == mandate.usager_id
    assert mandate.creation_entry_hash == entry.hash


def test_a_mandate_needs_a_scope_and_a_known_duration(aidant, organisation):
    with pytest.raises(InvalidInput):
        _draft(aidant, organisation, categories=[])
    with pytest.raises(InvalidInput):
        _draft(aidant, organisation, categories=["inconnu"])
    with pytest.raises(InvalidInput):
        _draft(aidant, organisation, duration="2a")


def test_a_mandate_can_name_specific_procedures(aidant, organisation):
    procedure = published_procedure()
    mandate = _draft(aidant, organisation, categories=[], procedure_ids=[procedure.pk])
    assert list(mandate.procedures.all()) == [procedure]


def test_a_suspended_aidant_cannot_create_a_mandate(organisation):
    suspended = habilitated_aidant(organisation, status=Habilitation.Status.SUSPENDED)
    with pytest.raises(MandateRefused):
        _draft(suspended, organisation)


def test_an_aidant_of_another_organisation_cannot_create_a_mandate_for_this_one(organisation):
    with pytest.raises(MandateRefused):
        _draft(habilitated_aidant(), organisation)


def test_a_member_of_staff_cannot_be_the_usager_of_a_mandate(aidant, organisation):
    with pytest.raises(InvalidInput):
        _draft(aidant, organisation, usager=member(Role.AGENT))


def test_consent_on_screen_activates_the_mandate_and_keeps_a_pdf_with_the_journal_hashes(
    aidant, organisation
):
    mandate = _draft(aidant, organisation, duration="6m")
    result = consent.consent_in_person(
        mandate=mandate,
        by=aidant,
        identity_check=IdentityCheck.ID_CARD,
        method=ConsentMethod.SCREEN,
        signed=True,
        signature_name="Jeannine LEROY",
    )
    mandate = result.mandate
    mandate.refresh_from_db()
    assert mandate.state == MandateState.ACTIVE
    assert (mandate.expires_at - mandate.consented_at).days == 182
    entry = JournalEntry.objects.get(action="mandat.consenti", mandate_id=mandate.pk)
    assert mandate.consent_entry_hash == entry.hash
    assert entry.data["methode"] == "ecran"
    content = mandate.pdf.read()
    assert content.startswith(b"%PDF")
    assert len(result.followup_code) == 14


def test_consent_on_screen_requires_the_checkbox_and_the_persons_name(aidant, organisation):
    mandate = _draft(aidant, organisation)
    with pytest.raises(InvalidInput):
        consent.consent_in_person(
            mandate=mandate,
            by=aidant,
            identity_check="cni",
            method="ecran",
            signed=False,
            signature_name="Leroy",
        )
    with pytest.raises(InvalidInput):
        consent.consent_in_person(
            mandate=mandate,
            by=aidant,
            identity_check="cni",
            method="ecran",
            signed=True,
            signature_name="Martin",
        )
    with pytest.raises(InvalidInput):
        consent.consent_in_person(
            mandate=mandate,
            by=aidant,
            identity_check="",
            method="ecran",
            signed=True,
            signature_name="J. Leroy",
        )


def test_consent_on_paper_checks_the_scanned_form_by_its_content(aidant, organisation):
    mandate = _draft(aidant, organisation)
    with pytest.raises(InvalidInput):
        consent.consent_in_person(
            mandate=mandate,
            by=aidant,
            identity_check="passeport",
            method="papier",
            signed_form=SimpleUploadedFile("signe.pdf", b"not really a pdf"),
        )
    result = consent.consent_in_person(
        mandate=mandate,
        by=aidant,
        identity_check="passeport",
        method="papier",
        signed_form=SimpleUploadedFile("signe.pdf", PDF),
    )
    assert result.mandate.signed_form
    assert result.mandate.consent_method == ConsentMethod.PAPER


def test_an_active_mandate_cannot_be_consented_twice(aidant, organisation):
    mandate = MandateFactory(organisation=organisation)
    with pytest.raises(InvalidInput):
        consent.consent_in_person(
            mandate=mandate, by=aidant, identity_check="cni", method="ecran", signed=True, signature_name="x"
        )


def test_revocation_takes_effect_at_once_and_is_journaled(aidant, organisation):
    mandate = MandateFactory(organisation=organisation)
    mandates.revoke_mandate(mandate=mandate, by=aidant, revoked_as=mandates.RevokedAs.AIDANT)
    mandate.refresh_from_db()
    assert mandate.state == MandateState.REVOKED
    assert JournalEntry.objects.get(action="mandat.revoque").data == {"par": "aidant"}
    with pytest.raises(InvalidInput):
        mandates.revoke_mandate(mandate=mandate, by=aidant, revoked_as=mandates.RevokedAs.AIDANT)


def test_only_the_usager_revokes_as_usager_and_only_a_responsable_as_responsable(organisation):
    mandate = MandateFactory(organisation=organisation)
    with pytest.raises(PermissionDenied):
        mandates.revoke_mandate(mandate=mandate, by=UserFactory(), revoked_as=mandates.RevokedAs.USAGER)
    with pytest.raises(PermissionDenied):
        mandates.revoke_mandate(mandate=mandate, by=UserFactory(), revoked_as=mandates.RevokedAs.RESPONSABLE)
    responsable = member(Role.RESPONSABLE, organisation=organisation)
    mandates.revoke_mandate(mandate=mandate, by=responsable, revoked_as=mandates.RevokedAs.RESPONSABLE)
    assert mandate.__class__.objects.get(pk=mandate.pk).state == MandateState.REVOKED


def test_the_usager_revokes_with_the_printed_reference_and_code(aidant, organisation):
    result = consent.consent_in_person(
        mandate=_draft(aidant, organisation),
        by=aidant,
        identity_check="cni",
        method="ecran",
        signed=True,
        signature_name="Jeannine Leroy",
    )
    mandate = mandates.revoke_with_code(reference=result.mandate.reference.lower(), code=result.followup_code)
    assert mandate.state == MandateState.REVOKED
    assert mandate.revoked_as == "usager_code"


def test_guessing_the_revocation_code_is_locked_after_five_failures(aidant, organisation):
    result = consent.consent_in_person(
        mandate=_draft(aidant, organisation),
        by=aidant,
        identity_check="cni",
        method="ecran",
        signed=True,
        signature_name="Jeannine Leroy",
    )
    for _attempt in range(5):
        with pytest.raises(InvalidInput, match="ne correspond pas"):
            mandates.revoke_with_code(reference=result.mandate.reference, code="AAAA-BBBB-CCCC")
    with pytest.raises(InvalidInput, match="Trop d'essais"):
        mandates.revoke_with_code(reference=result.mandate.reference, code=result.followup_code)


def test_renewal_creates_a_new_mandate_that_ends_the_old_one_at_its_consent(aidant, organisation):
    old = MandateFactory(
        organisation=organisation, usager=UserFactory(last_name="Leroy"), categories=["logement"]
    )
    renewal = mandates.renew_mandate(mandate=old, by=aidant)
    assert renewal.renewed_from == old and renewal.categories == ["logement"]
    assert renewal.state == MandateState.AWAITING_CONSENT
    with pytest.raises(InvalidInput):
        mandates.renew_mandate(mandate=old, by=aidant)
    consent.consent_in_person(
        mandate=renewal,
        by=aidant,
        identity_check="cni",
        method="ecran",
        signed=True,
        signature_name="C Leroy",
    )
    old.refresh_from_db()
    assert old.state == MandateState.REVOKED and old.revoked_as == "renouvellement"


def test_an_expired_mandate_can_be_renewed_but_not_revoked(aidant, organisation):
    old = expired_mandate(organisation=organisation)
    with pytest.raises(InvalidInput):
        mandates.revoke_mandate(mandate=old, by=aidant, revoked_as=mandates.RevokedAs.AIDANT)
    assert mandates.renew_mandate(mandate=old, by=aidant).renewed_from == old


def test_the_signed_mandate_prints_the_journal_hashes_of_its_creation_and_consent(aidant, organisation):
    from django.template.loader import render_to_string

    from guichet.mandates import documents

    result = consent.consent_in_person(
        mandate=_draft(aidant, organisation),
        by=aidant,
        identity_check="cni",
        method="ecran",
        signed=True,
        signature_name="Jeannine Leroy",
    )
    mandate = result.mandate
    html = render_to_string(
        "mandates/pdf/mandate.html", documents.mandate_context(mandate, code=result.followup_code)
    )
    assert mandate.creation_entry_hash in html and mandate.consent_entry_hash in html
    assert result.followup_code in html
    kept = render_to_string("mandates/pdf/mandate.html", documents.mandate_context(mandate))
    assert result.followup_code not in kept
