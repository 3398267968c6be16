"""Referrals lose the person's name, contact details and note after the retention period."""

import datetime

import pytest
from django.utils import timezone

from guichet.places import privacy
from guichet.places.models import Place, Referral

pytestmark = pytest.mark.django_db


def test_an_old_referral_stays_counted_without_the_person():
    place = Place.objects.create(source="test", source_id="1", nom="CCAS", commune="Agen", code_postal="47000",
                                 adresse="1 rue", date_maj=datetime.date(2026, 1, 1))  # fmt: skip
    referral = Referral.objects.create(
        place=place, need="Aide aux démarches", person_name="Awa Traoré", contact="06 12 34 56 78",
        notify_by="sms", shared_note="Parle peu français.", consent_at=timezone.now(),
        outcome=Referral.Outcome.HELPED,
    )  # fmt: skip
    assert privacy.retention(now=timezone.now(), dry_run=False)[0].count == 0
    later = timezone.now() + datetime.timedelta(days=400)
    assert privacy.retention(now=later, dry_run=True)[0].count == 1
    privacy.retention(now=later, dry_run=False)
    referral.refresh_from_db()
    assert referral.person_name == "" and referral.contact == "" and referral.shared_note == ""
    assert referral.outcome == Referral.Outcome.HELPED and referral.need == "Aide aux démarches"
