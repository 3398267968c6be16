"""Demo habilitation and mandates in several states, for `make run`. Idempotent."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from guichet.accounts import services as accounts_services
from guichet.accounts.models import Organisation, Role, User
from guichet.mandates.models import Habilitation, Mandate
from guichet.mandates.services import acting, consent, habilitations, mandates
from guichet.procedures.demo import DEMO_PDF
from guichet.procedures.models import Procedure

FRANCE_SERVICES = "France Services de Villeneuve-sur-Lot"


def load_demo() -> list[str]:
    organisation = Organisation.objects.filter(name=FRANCE_SERVICES).first()
    aidant = User.objects.filter(username="aidant").first()
    responsable = User.objects.filter(username="responsable").first()
    jeannine = User.objects.filter(username="usager").first()
    if not (organisation and aidant and responsable and jeannine):
        return []
    if not Habilitation.objects.filter(user=aidant, organisation=organisation).exists():
        accounts_services.add_member(user=responsable, organisation=organisation, role=Role.RESPONSABLE)
        habilitations.enrol_aidant(
            organisation=organisation,
            by=responsable,
            first_name=aidant.first_name,
            last_name=aidant.last_name,
            email=aidant.email,
            trained_on=timezone.localdate() - datetime.timedelta(days=90),
            attestation=SimpleUploadedFile("attestation-formation.pdf", DEMO_PDF),
            charter_accepted=True,
        )
        _demo_mandates(organisation=organisation, aidant=aidant, jeannine=jeannine)
        _suspended_aidant(organisation=organisation, responsable=responsable)
    return [
        f"Mandats de démonstration : {Mandate.objects.count()} ; « Qui a agi pour moi ? » : /qui-a-agi-pour-moi/"
    ]


def _signed(mandate: Mandate, aidant: User, name: str):
    return consent.consent_in_person(
        mandate=mandate, by=aidant, identity_check="cni", method="ecran", signed=True, signature_name=name
    )


def _demo_mandates(*, organisation: Organisation, aidant: User, jeannine: User) -> None:
    def create(usager, categories, duration):
        return mandates.create_mandate(
            usager=usager,
            organisation=organisation,
            by=aidant,
            categories=categories,
            procedure_ids=[],
            duration=duration,
        )

    # Jeannine: an expired mandate of one day, then a six-month one in use.
    old = _signed(create(jeannine, ["social"], "1j"), aidant, "Jeannine Leroy").mandate
    start = timezone.now() - datetime.timedelta(days=40)
    Mandate.objects.filter(pk=old.pk).update(
        consented_at=start, expires_at=start + datetime.timedelta(days=1)
    )
    active = _signed(create(jeannine, ["social", "logement"], "6m"), aidant, "Jeannine Leroy").mandate
    procedure = Procedure.objects.filter(slug="carte-mobilite-inclusion").first()
    if procedure is not None:
        acting.start_under_mandate(mandate=active, aidant=aidant, procedure=procedure)

    # Ahmed, registered without e-mail: a mandate awaiting his consent by SMS.
    ahmed = mandates.register_person(
        organisation=organisation,
        by=aidant,
        first_name="Ahmed",
        last_name="Benali",
        birth_date=datetime.date(1957, 6, 14),
        phone="+33612000001",
    )
    create(ahmed, ["argent", "papiers"], "1a")

    # Lucie: a one-month mandate she revoked, and one that ends in a few days.
    lucie = mandates.register_person(
        organisation=organisation,
        by=aidant,
        first_name="Lucie",
        last_name="Moreau",
        birth_date=datetime.date(1990, 11, 2),
    )
    revoked = _signed(create(lucie, ["travail"], "1m"), aidant, "Lucie Moreau").mandate
    mandates.revoke_mandate(mandate=revoked, by=aidant, revoked_as=mandates.RevokedAs.AIDANT)
    ending = _signed(create(lucie, ["transports"], "1m"), aidant, "Lucie Moreau").mandate
    Mandate.objects.filter(pk=ending.pk).update(expires_at=timezone.now() + datetime.timedelta(days=4))


def _suspended_aidant(*, organisation: Organisation, responsable: User) -> None:
    """A second aidant, suspended, so that the responsable's page shows both states."""
    habilitation = habilitations.enrol_aidant(
        organisation=organisation,
        by=responsable,
        first_name="Paul",
        last_name="Girard",
        email="paul.girard@franceservices.example",
        trained_on=timezone.localdate() - datetime.timedelta(days=200),
        attestation=SimpleUploadedFile("attestation-formation.pdf", DEMO_PDF),
        charter_accepted=True,
    )
    habilitations.suspend_habilitation(
        habilitation=habilitation, by=responsable, reason="Formation de mise à jour à suivre."
    )
