import pytest
from django.http import Http404

from guichet.accounts.models import Role
from guichet.accounts.perms import has_role, managed_organisation_for, requires_two_factor
from guichet.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role,required",
    [(Role.AGENT, True), (Role.AIDANT, True), (Role.RESPONSABLE, True), (Role.ANALYSTE, False)],
)
def test_two_factor_is_mandatory_for_agents_aidants_and_responsables(role, required):
    assert requires_two_factor(member(role)) is required


def test_usager_without_role_does_not_need_two_factor():
    assert requires_two_factor(UserFactory()) is False


def test_inactive_membership_gives_no_role():
    membership = MembershipFactory(role=Role.AGENT, is_active=False)
    assert has_role(membership.user, Role.AGENT) is False


def test_responsable_reaches_only_the_organisations_they_manage():
    mine, other = OrganisationFactory(), OrganisationFactory()
    responsable = member(Role.RESPONSABLE, organisation=mine)
    assert managed_organisation_for(responsable, mine.id) == mine
    with pytest.raises(Http404):
        managed_organisation_for(responsable, other.id)


def test_agent_of_the_organisation_cannot_manage_it():
    organisation = OrganisationFactory()
    agent = member(Role.AGENT, organisation=organisation)
    with pytest.raises(Http404):
        managed_organisation_for(agent, organisation.id)
