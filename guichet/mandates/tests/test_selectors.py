import datetime

import pytest
from django.utils import timezone

from guichet.accounts.models import Role
from guichet.accounts.tests.factories import OrganisationFactory, UserFactory, member
from guichet.mandates.models import Habilitation
from guichet.mandates.selectors import is_habilitated, mandates_expiring_soon, valid_mandates_for
from guichet.mandates.tests.factories import MandateFactory, expired_mandate, habilitated_aidant

pytestmark = pytest.mark.django_db


def test_valid_mandates_exclude_expired_revoked_and_unconsented_ones():
    usager = UserFactory()
    valid = MandateFactory(usager=usager)
    expired_mandate(usager=usager)
    MandateFactory(usager=usager, revoked_at=timezone.now())
    MandateFactory(usager=usager, consented_at=None)
    assert list(valid_mandates_for(usager=usager)) == [valid]


def test_valid_mandates_can_be_filtered_by_organisation_and_date():
    usager = UserFactory()
    mandate = MandateFactory(usager=usager)
    assert list(valid_mandates_for(usager=usager, organisation=OrganisationFactory())) == []
    assert list(valid_mandates_for(usager=usager, organisation=mandate.organisation)) == [mandate]
    later = timezone.now() + datetime.timedelta(days=31)
    assert list(valid_mandates_for(usager=usager, at=later)) == []


def test_a_mandate_revoked_later_was_valid_before_its_revocation():
    mandate = MandateFactory(revoked_at=timezone.now() + datetime.timedelta(hours=1))
    assert list(valid_mandates_for(usager=mandate.usager)) == [mandate]


def test_mandates_expiring_soon_lists_only_valid_ones_ending_within_the_window():
    organisation = OrganisationFactory()
    soon = MandateFactory(organisation=organisation, duration="1j")
    MandateFactory(organisation=organisation, duration="1a")
    expired_mandate(organisation=organisation)
    assert list(mandates_expiring_soon(organisation=organisation)) == [soon]
    assert len(mandates_expiring_soon(organisation=organisation, within_days=400)) == 2


def test_only_an_active_habilitated_aidant_is_habilitated():
    organisation = OrganisationFactory()
    assert is_habilitated(user=habilitated_aidant(organisation), organisation=organisation)
    assert not is_habilitated(user=member(Role.AIDANT, organisation=organisation), organisation=organisation)
    suspended = habilitated_aidant(organisation, status=Habilitation.Status.SUSPENDED)
    assert not is_habilitated(user=suspended, organisation=organisation)
    assert not is_habilitated(user=habilitated_aidant(organisation), organisation=OrganisationFactory())
