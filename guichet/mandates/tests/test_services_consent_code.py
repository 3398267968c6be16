import datetime
import re

import pytest
from django.utils import timezone

from guichet.accounts.tests.factories import OrganisationFactory, UserFactory
from guichet.core.exceptions import InvalidInput
from guichet.core.journal import JournalEntry
from guichet.core.models import Notification
from guichet.mandates.models import ConsentCode, MandateState
from guichet.mandates.services import consent, mandates
from guichet.mandates.tests.factories import habilitated_aidant

pytestmark = pytest.mark.django_db


@pytest.fixture
def aidant():
    return habilitated_aidant(OrganisationFactory())


@pytest.fixture
def mandate(aidant):
    return mandates.create_mandate(
        usager=UserFactory(phone="+33612345678"),
        organisation=aidant.habilitations.get().organisation,
        by=aidant,
        categories=["famille"],
        procedure_ids=[],
        duration="1j",
    )


def _sent_code() -> str:
    return re.search(
        r"code (\d{6})", Notification.objects.filter(kind="sms").latest("created_at").body
    ).group(1)


def test_the_code_is_sent_by_sms_and_stored_only_hashed(aidant, mandate):
    consent_code = consent.send_consent_code(mandate=mandate, by=aidant, phone="06 12 34 56 78")
    code = _sent_code()
    assert consent_code.phone == "+33612345678"
    assert code not in consent_code.code_hash
    assert consent_code.expires_at - consent_code.sent_at == datetime.timedelta(minutes=15)
    assert JournalEntry.objects.filter(action="mandat.code_envoye", mandate_id=mandate.pk).exists()


def test_the_right_code_activates_the_mandate(aidant, mandate):
    consent.send_consent_code(mandate=mandate, by=aidant, phone="+33612345678")
    result = consent.confirm_consent_code(mandate=mandate, by=aidant, code=_sent_code())
    assert result.mandate.state == MandateState.ACTIVE
    assert result.mandate.consent_method == "sms"


def test_five_wrong_codes_lock_it_even_for_the_right_one_and_each_failure_is_journaled(aidant, mandate):
    consent.send_consent_code(mandate=mandate, by=aidant, phone="+33612345678")
    code = _sent_code()
    wrong = "000000" if code != "000000" else "111111"
    for attempt in range(1, 5):
        with pytest.raises(InvalidInput, match=f"Il reste {5 - attempt} essai"):
            consent.confirm_consent_code(mandate=mandate, by=aidant, code=wrong)
    with pytest.raises(InvalidInput, match="bloqué"):
        consent.confirm_consent_code(mandate=mandate, by=aidant, code=wrong)
    with pytest.raises(InvalidInput, match="bloqué"):
        consent.confirm_consent_code(mandate=mandate, by=aidant, code=code)
    mandate.refresh_from_db()
    assert mandate.state == MandateState.AWAITING_CONSENT
    assert ConsentCode.objects.get().attempts == 5
    assert JournalEntry.objects.filter(action="mandat.code_refuse").count() == 4
    assert JournalEntry.objects.filter(action="mandat.code_bloque").count() == 1


def test_an_expired_code_is_refused(aidant, mandate):
    consent.send_consent_code(mandate=mandate, by=aidant, phone="+33612345678")
    ConsentCode.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(InvalidInput, match="expiré"):
        consent.confirm_consent_code(mandate=mandate, by=aidant, code=_sent_code())


def test_a_new_code_replaces_the_previous_one_and_three_codes_at_most_are_sent(aidant, mandate):
    consent.send_consent_code(mandate=mandate, by=aidant, phone="+33612345678")
    first = _sent_code()
    consent.send_consent_code(mandate=mandate, by=aidant, phone="+33612345678")
    second = _sent_code()
    if first != second:
        with pytest.raises(InvalidInput):
            consent.confirm_consent_code(mandate=mandate, by=aidant, code=first)
    consent.send_consent_code(mandate=mandate, by=aidant, phone="+33612345678")
    with pytest.raises(InvalidInput, match="Trois codes"):
        consent.send_consent_code(mandate=mandate, by=aidant, phone="+33612345678")


def test_a_wrong_phone_number_is_refused_with_a_french_message(aidant, mandate):
    with pytest.raises(InvalidInput):
        consent.send_consent_code(mandate=mandate, by=aidant, phone="12")
