import pytest
from django.core.management import call_command

from guichet.accounts.models import Organisation, User
from guichet.core.journal import JournalEntry
from guichet.mandates.demo import FRANCE_SERVICES
from guichet.mandates.models import Habilitation, Mandate, MandateState
from guichet.mandates.selectors import is_habilitated

pytestmark = pytest.mark.django_db


def test_demo_habilitates_moussa_and_loads_mandates_in_several_states_once():
    call_command("load_demo")
    counts = (Mandate.objects.count(), JournalEntry.objects.count())
    call_command("load_demo")
    assert (Mandate.objects.count(), JournalEntry.objects.count()) == counts
    moussa = User.objects.get(username="aidant")
    assert is_habilitated(user=moussa, organisation=Organisation.objects.get(name=FRANCE_SERVICES))
    states = {m.state for m in Mandate.objects.all()}
    assert states == {
        MandateState.ACTIVE,
        MandateState.EXPIRED,
        MandateState.REVOKED,
        MandateState.AWAITING_CONSENT,
    }
    assert Habilitation.objects.filter(status=Habilitation.Status.SUSPENDED).count() == 1
    jeannine = User.objects.get(username="usager")
    assert JournalEntry.objects.filter(action="mandat.acte", on_behalf_of_id=jeannine.pk).exists()
