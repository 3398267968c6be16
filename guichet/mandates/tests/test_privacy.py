"""Personal data (RGPD) held by the mandates module: retention periods, export, erasure."""

import datetime
import json
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from guichet.accounts.models import Role, User
from guichet.accounts.tests.factories import OrganisationFactory, UserFactory, member
from guichet.core.privacy import ErasureRefused, apply_retention, erase_person, export_person
from guichet.mandates.models import (
    AccompaniedPerson,
    ConsentCode,
    LegalRepresentation,
    Mandate,
    RevocationFailure,
)
from guichet.mandates.services import representations
from guichet.mandates.tests.factories import PDF, MandateFactory, expired_mandate, habilitated_aidant
from guichet.mandates.tests.test_representations import _declare, _verified
from guichet.mediation.models import MediationSession
from guichet.mediation.tests.factories import followed_person, organisation_of, session

pytestmark = pytest.mark.django_db

YEAR = datetime.timedelta(days=365)


def _ended_years_ago(years: float, **kwargs) -> Mandate:
    start = timezone.now() - datetime.timedelta(days=365 * years + 30)
    mandate = MandateFactory(consented_at=start, expires_at=start + datetime.timedelta(days=30), **kwargs)
    mandate.pdf.save("mandat.pdf", ContentFile(PDF), save=False)
    mandate.signed_form.save("formulaire.pdf", ContentFile(PDF), save=True)
    return mandate


def _code(mandate: Mandate, *, days_ago: int) -> ConsentCode:
    sent = timezone.now() - datetime.timedelta(days=days_ago)
    return ConsentCode.objects.create(
        mandate=mandate, code_hash="x", phone="+33612345678", sent_at=sent, expires_at=sent
    )


def _failure(*, days_ago: int) -> RevocationFailure:
    failure = RevocationFailure.objects.create(reference="M00000001")
    RevocationFailure.objects.filter(pk=failure.pk).update(
        at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return failure


def _journal_is_intact() -> None:
    call_command("verify_journal")  # exits with SystemExit(1) on a broken chain


def test_old_consent_codes_and_revocation_failures_are_deleted_recent_ones_kept():
    mandate = MandateFactory()
    old_code, recent_code = _code(mandate, days_ago=31), _code(mandate, days_ago=2)
    old_failure, recent_failure = _failure(days_ago=91), _failure(days_ago=10)
    results = {r.kind: r.count for r in apply_retention(dry_run=False)}
    assert results["Codes de consentement envoyés par SMS"] == 1
    assert results["Essais de codes de révocation de mandat erronés"] == 1
    assert not ConsentCode.objects.filter(pk=old_code.pk).exists()
    assert ConsentCode.objects.filter(pk=recent_code.pk).exists()
    assert not RevocationFailure.objects.filter(pk=old_failure.pk).exists()
    assert RevocationFailure.objects.filter(pk=recent_failure.pk).exists()


def test_mandates_ended_more_than_five_years_ago_are_deleted_with_their_files(
    settings, django_capture_on_commit_callbacks
):
    old = _ended_years_ago(5.1)
    files = [Path(old.pdf.path), Path(old.signed_form.path)]
    recent = _ended_years_ago(4)
    revoked_long_ago = MandateFactory(revoked_at=timezone.now() - 6 * YEAR)
    active = MandateFactory()
    assert all(path.exists() for path in files)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("apply_retention")
    assert not Mandate.objects.filter(pk__in=[old.pk, revoked_long_ago.pk]).exists()
    assert not any(path.exists() for path in files)
    assert Mandate.objects.filter(pk__in=[recent.pk, active.pk]).count() == 2
    assert User.objects.filter(pk=old.usager_id).exists()  # the account is not the mandate's to delete
    settings.GUICHET_RETENTION_MANDATE_YEARS = 3
    call_command("apply_retention")
    assert not Mandate.objects.filter(pk=recent.pk).exists()
    _journal_is_intact()


def test_ended_legal_representations_are_deleted_with_their_proof_after_the_period(
    django_capture_on_commit_callbacks,
):
    tutor = UserFactory()
    old = _verified(tutor)
    LegalRepresentation.objects.filter(pk=old.pk).update(ended_at=timezone.now() - 6 * YEAR)
    proof = Path(old.proof.path)
    in_force = _verified(UserFactory())
    ended_recently = _verified(UserFactory())
    representations.end_representation(representation=ended_recently, by=ended_recently.representative)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("apply_retention")
    assert not LegalRepresentation.objects.filter(pk=old.pk).exists() and not proof.exists()
    assert LegalRepresentation.objects.filter(pk__in=[in_force.pk, ended_recently.pk]).count() == 2


def test_dry_run_reports_in_french_and_deletes_nothing(capsys):
    old = _ended_years_ago(6)
    code = _code(old, days_ago=400)
    call_command("apply_retention", "--dry-run")
    report = capsys.readouterr().out
    assert (
        "Mandats terminés (expirés, révoqués ou jamais consentis) — plus de 5 ans après leur fin : 1"
        in report
    )
    assert "Codes de consentement envoyés par SMS" in report
    assert "Représentations légales terminées" in report
    assert Mandate.objects.filter(pk=old.pk).exists() and Path(old.pdf.path).exists()
    assert ConsentCode.objects.filter(pk=code.pk).exists()


def test_export_holds_the_mandates_representations_and_accompanied_record_with_french_keys():
    organisation = OrganisationFactory(name="France Services de Villeneuve")
    aidant = habilitated_aidant(organisation, first_name="Moussa", last_name="Diallo")
    usager = UserFactory(first_name="Jeannine", last_name="Leroy")
    AccompaniedPerson.objects.create(
        user=usager, birth_date=datetime.date(1948, 3, 2), organisation=organisation, registered_by=aidant
    )
    mandate = expired_mandate(usager=usager, organisation=organisation, created_by=aidant)
    represented = _verified(usager, first_name="Paul", last_name="Martin").represented
    export = json.loads(json.dumps(export_person(usager)))  # plain JSON, no lazy translations
    [exported] = export["mandats"]
    assert exported["numero"] == mandate.reference
    assert exported["organisation"] == "France Services de Villeneuve"
    assert exported["etat"] == "Expiré" and exported["cree_par"] == "Moussa Diallo"
    assert exported["themes"] == ["Social, santé"]
    [representation] = export["representations_legales"]
    assert representation["role_de_la_personne"] == "représentant"
    assert representation["autre_personne"] == "Paul Martin"
    assert export["personne_accompagnee"]["date_de_naissance"] == "1948-03-02"
    assert export_person(represented)["representations_legales"][0]["role_de_la_personne"] == (
        "personne représentée"
    )
    assert export_person(aidant)["habilitations"][0]["structure"] == "France Services de Villeneuve"


def test_erasure_is_refused_in_french_while_a_mandate_is_valid():
    usager = UserFactory()
    mandate = MandateFactory(usager=usager)
    with pytest.raises(ErasureRefused) as refused:
        erase_person(person=usager)
    assert mandate.reference in str(refused.value) and "est en cours" in str(refused.value)
    assert Mandate.objects.filter(pk=mandate.pk).exists() and User.objects.filter(pk=usager.pk).exists()


def test_erasure_is_refused_while_a_legal_representation_is_in_force_on_either_side():
    representation = _verified(UserFactory())
    for person in (representation.representative, representation.represented):
        with pytest.raises(ErasureRefused) as refused:
            erase_person(person=person)
        assert "représentation légale" in str(refused.value)
    representations.end_representation(representation=representation, by=representation.representative)
    erase_person(person=representation.representative)
    assert not LegalRepresentation.objects.exists()


def test_a_person_with_an_ended_mandate_and_mediation_sessions_is_erased_end_to_end(
    django_capture_on_commit_callbacks,
):
    organisation = OrganisationFactory()
    aidant = habilitated_aidant(organisation)
    usager = UserFactory(first_name="Jeannine", last_name="Leroy")
    AccompaniedPerson.objects.create(
        user=usager, birth_date=datetime.date(1948, 3, 2), organisation=organisation, registered_by=aidant
    )
    mandate = _ended_years_ago(1, usager=usager, organisation=organisation, created_by=aidant)
    _code(mandate, days_ago=400)
    files = [Path(mandate.pdf.path), Path(mandate.signed_form.path)]
    session(aidant, usager)
    pending = _declare(usager)  # declared, never verified: not in force
    with django_capture_on_commit_callbacks(execute=True):
        erase_person(person=usager)
    assert not User.objects.filter(pk=usager.pk).exists()
    assert not Mandate.objects.exists() and not ConsentCode.objects.exists()
    assert not any(path.exists() for path in files)
    assert not LegalRepresentation.objects.filter(pk=pending.pk).exists()
    assert not MediationSession.objects.exists()
    assert User.objects.filter(pk=aidant.pk).exists()
    _journal_is_intact()


def test_a_former_aidant_is_erased_with_their_habilitation_certificate(django_capture_on_commit_callbacks):
    organisation = OrganisationFactory()
    aidant = habilitated_aidant(organisation)
    certificate = Path(aidant.habilitations.get().attachment.path)
    aidant.memberships.update(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        erase_person(person=aidant)
    assert not User.objects.filter(pk=aidant.pk).exists() and not certificate.exists()


def test_an_erasure_refused_midway_keeps_the_mandate_and_its_files(django_capture_on_commit_callbacks):
    former_aidant = habilitated_aidant()  # the sessions they recorded protect the account
    session(former_aidant, followed_person(organisation_of(former_aidant), aidant=former_aidant))
    former_aidant.memberships.update(is_active=False)
    mandate = _ended_years_ago(1, usager=former_aidant)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ErasureRefused):
        erase_person(person=former_aidant)
    assert Mandate.objects.filter(pk=mandate.pk).exists()
    assert Path(mandate.pdf.path).exists() and Path(mandate.signed_form.path).exists()


def test_staff_still_in_office_are_not_erased():
    with pytest.raises(ErasureRefused):
        erase_person(person=member(Role.AIDANT))


def test_the_erasure_page_gives_the_mandate_reason_to_the_usager(client):
    usager = UserFactory()
    mandate = MandateFactory(usager=usager, organisation=OrganisationFactory(name="CCAS de Villeneuve"))
    client.force_login(usager)
    response = client.post("/comptes/mon-compte/effacer/", {"confirmation": "oui"})
    content = response.content.decode()
    assert mandate.reference in content and "CCAS de Villeneuve" in content and "révoquez-le" in content
    assert User.objects.filter(pk=usager.pk).exists()
