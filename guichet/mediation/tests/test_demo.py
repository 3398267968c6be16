import pytest

from guichet.accounts.demo import load_demo as load_accounts_demo
from guichet.accounts.models import Organisation, User
from guichet.mandates.tests.factories import HabilitationFactory
from guichet.mediation import selectors
from guichet.mediation.demo import DEMO_ORGANISATION
from guichet.mediation.demo import load_demo as load_mediation_demo
from guichet.mediation.models import Diagnostic, MediationSession

pytestmark = pytest.mark.django_db


def test_demo_without_a_habilitated_aidant_loads_nothing_and_says_why():
    load_accounts_demo()
    assert "pas habilité" in load_mediation_demo()[0]
    assert not MediationSession.objects.exists()


def test_demo_spreads_sessions_over_months_shows_progress_and_is_idempotent():
    load_accounts_demo()
    aidant = User.objects.get(username="aidant")
    HabilitationFactory(user=aidant, organisation=Organisation.objects.get(name=DEMO_ORGANISATION))
    load_mediation_demo()
    counts = (MediationSession.objects.count(), Diagnostic.objects.count())
    load_mediation_demo()
    assert (MediationSession.objects.count(), Diagnostic.objects.count()) == counts
    months = {d.strftime("%Y-%m") for d in MediationSession.objects.values_list("happened_on", flat=True)}
    assert len(months) >= 4
    jeanne = User.objects.get(first_name="Jeanne", last_name="Leroy")
    history = selectors.diagnostic_history(jeanne)
    assert len(history) == 3
    assert history[-1].diagnostic.digital_score > history[0].diagnostic.digital_score
