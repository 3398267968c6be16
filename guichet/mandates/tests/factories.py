import datetime

import factory
from django.utils import timezone

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import OrganisationFactory, UserFactory, member
from guichet.mandates.models import (
    DURATION_DAYS,
    ConsentMethod,
    Duration,
    Habilitation,
    IdentityCheck,
    Mandate,
)

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


class HabilitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Habilitation

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    trained_on = datetime.date(2026, 1, 15)
    attachment = factory.django.FileField(filename="attestation.pdf", data=PDF)
    attachment_name = "attestation.pdf"
    attachment_type = "application/pdf"
    attachment_sha256 = "0" * 64
    charter_accepted_at = factory.LazyFunction(timezone.now)


def habilitated_aidant(organisation=None, *, status=Habilitation.Status.ACTIVE, **user_kwargs):
    organisation = organisation or OrganisationFactory()
    user = member(Role.AIDANT, organisation=organisation, **user_kwargs)
    HabilitationFactory(user=user, organisation=organisation, status=status)
    return user


class MandateFactory(factory.django.DjangoModelFactory):
    """An active mandate by default (consented now); pass consented_at=None for one awaiting consent."""

    class Meta:
        model = Mandate
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"M{n:08d}")
    usager = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    categories = factory.LazyFunction(lambda: ["social"])
    duration = Duration.MONTH
    consent_method = ConsentMethod.SCREEN
    identity_check = IdentityCheck.ID_CARD
    signature_name = "Camille Durand"
    consented_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyAttribute(
        lambda o: (
            o.consented_at + datetime.timedelta(days=DURATION_DAYS[o.duration]) if o.consented_at else None
        )
    )


def expired_mandate(**kwargs) -> Mandate:
    start = timezone.now() - datetime.timedelta(days=40)
    return MandateFactory(consented_at=start, expires_at=start + datetime.timedelta(days=30), **kwargs)
