import datetime
import re

import pytest
from django.test import Client
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
    consent_code = consent.send_consent_code(mandate=mandate, by=aidant)
    code = _sent_code()
    assert consent_code.phone == "+33612345678"
    assert code not in consent_code.code_hash
    assert consent_code.expires_at - consent_code.sent_at == datetime.timedelta(minutes=15)
    assert JournalEntry.objects.filter(action="mandat.code_envoye", mandate_id=mandate.pk).exists()


def test_the_right_code_activates_the_mandate(aidant, mandate):
    consent.send_consent_code(mandate=mandate, by=aidant)
    result = consent.confirm_consent_code(mandate=mandate, by=aidant, code=_sent_code())
    assert result.mandate.state == MandateState.ACTIVE
    assert result.mandate.consent_method == "sms"


def test_five_wrong_codes_lock_it_even_for_the_right_one_and_each_failure_is_journaled(aidant, mandate):
    consent.send_consent_code(mandate=mandate, by=aidant)
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
    consent.send_consent_code(mandate=mandate, by=aidant)
    ConsentCode.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(InvalidInput, match="expiré"):
        consent.confirm_consent_code(mandate=mandate, by=aidant, code=_sent_code())


def test_a_new_code_replaces_the_previous_one_and_three_codes_at_most_are_sent(aidant, mandate):
    consent.send_consent_code(mandate=mandate, by=aidant)
    first = _sent_code()
    consent.send_consent_code(mandate=mandate, by=aidant)
    second = _sent_code()
    if first != second:
        with pytest.raises(InvalidInput):
            consent.confirm_consent_code(mandate=mandate, by=aidant, code=first)
    consent.send_consent_code(mandate=mandate, by=aidant)
    with pytest.raises(InvalidInput, match="Trois codes"):
        consent.send_consent_code(mandate=mandate, by=aidant)


def test_the_code_goes_to_the_recorded_mobile_whatever_number_the_aidant_posts(
    aidant, mandate, login_with_2fa
):
    client = Client()
    login_with_2fa(client, aidant)
    response = client.post(f"/mandats/{mandate.pk}/consentement/sms/", {"phone": "07 99 99 99 99"})
    assert response.status_code == 302
    sms = Notification.objects.filter(kind="sms").order_by("created_at")
    assert [n.recipient for n in sms] == ["+33612345678"]
    assert "+33799999999" not in str(ConsentCode.objects.values_list("phone", flat=True))


def test_a_person_without_recorded_mobile_cannot_consent_by_sms(aidant):
    mandate = mandates.create_mandate(
        usager=UserFactory(phone=""),
        organisation=aidant.habilitations.get().organisation,
        by=aidant,
        categories=["famille"],
        procedure_ids=[],
        duration="1j",
    )
    with pytest.raises(InvalidInput, match="sur place"):
        consent.send_consent_code(mandate=mandate, by=aidant)
    assert not Notification.objects.filter(kind="sms").exists()


def test_the_person_is_told_of_the_mandate_through_their_own_channel(aidant):
    person = UserFactory(email="jeannine@exemple.fr", phone="+33612345678")
    mandate = mandates.create_mandate(
        usager=person,
        organisation=aidant.habilitations.get().organisation,
        by=aidant,
        categories=["famille"],
        procedure_ids=[],
        duration="1j",
    )
    consent.send_consent_code(mandate=mandate, by=aidant)
    consent.confirm_consent_code(mandate=mandate, by=aidant, code=_sent_code())
    told = Notification.objects.get(kind="email")
    assert told.recipient == "jeannine@exemple.fr"
    assert mandate.reference in told.body


def test_the_aidant_sees_only_a_masked_number():
    assert consent.masked_phone("+33612345678") == "06 •• •• •• 78"
    assert consent.masked_phone("") == ""
