import pytest
from django.test import Client

from guichet.accounts.tests.factories import OrganisationFactory, UserFactory
from guichet.mandates.tests.factories import MandateFactory, habilitated_aidant
from guichet.procedures.tests.factories import published_procedure


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="France Services de Villeneuve")


@pytest.fixture
def aidant(organisation):
    return habilitated_aidant(organisation, first_name="Moussa", last_name="Diallo")


@pytest.fixture
def usager(db):
    return UserFactory(first_name="Jeannine", last_name="Leroy", email="", phone="+33612345678")


@pytest.fixture
def procedure(db):
    return published_procedure(OrganisationFactory(name="CCAS"))  # category "social"


@pytest.fixture
def mandate(organisation, usager, aidant):
    return MandateFactory(organisation=organisation, usager=usager, created_by=aidant, categories=["social"])


@pytest.fixture
def aidant_client(aidant, login_with_2fa):
    client = Client()
    login_with_2fa(client, aidant)
    return client
