"""Phone numbers of every territory, and SMS only to numbers that can receive them (issue 22, point 3)."""

import pytest
from django.template import Context, Template

from guichet.core.exceptions import InvalidInput
from guichet.core.phone import can_receive_sms, display_phone, normalize_phone, region_of_commune


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("0692 12 34 56", "+262692123456"),  # Réunion mobile
        ("0262 16 12 34", "+262262161234"),  # Réunion fixed line
        ("0639 01 23 45", "+262639012345"),  # Mayotte mobile
        ("0690 00 12 34", "+590690001234"),  # Guadeloupe mobile
        ("0696 20 12 34", "+596696201234"),  # Martinique mobile
        ("0694 20 12 34", "+594694201234"),  # Guyane mobile
        ("055 12 34", "+508551234"),  # Saint-Pierre-et-Miquelon mobile
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("0033 6 12 34 56 78", "+33612345678"),
        ("+262 692 12 34 56", "+262692123456"),
        ("05 53 00 00 01", "+33553000001"),
        ("+44 7911 123456", "+447911123456"),
    ],
)
def test_numbers_of_every_territory_get_their_own_country_code(typed, e164):
    assert normalize_phone(typed) == e164


@pytest.mark.parametrize("typed", ["", "12", "06 12 34", "0692 12", "+33 6", "abcdefghij", "0" * 50])
def test_an_invalid_number_is_refused_in_french(typed):
    with pytest.raises(InvalidInput, match="06 12 34 56 78"):
        normalize_phone(typed)


def test_the_commune_tells_the_region_first():
    assert region_of_commune("97411") == "RE" and region_of_commune("47323") is None


@pytest.mark.parametrize(
    ("e164", "mobile"),
    [("+33612345678", True), ("+262692123456", True), ("+33553000001", False), ("+262262161234", False)],
)
def test_only_mobiles_receive_sms(e164, mobile):
    assert can_receive_sms(e164) is mobile


def test_numbers_are_shown_as_people_write_them_with_a_tel_link():
    assert display_phone("+262692123456") == "0692 12 34 56"
    assert display_phone("+33553000001") == "05 53 00 00 01"
    html = Template("{% load phones %}{{ n|phone_link }}").render(Context({"n": "+33553000001"}))
    assert html == '<a href="tel:+33553000001">05 53 00 00 01</a>'


@pytest.mark.django_db
def test_a_fixed_line_chosen_for_sms_is_refused_and_what_was_typed_is_kept():
    from guichet.procedures.services import drafts
    from guichet.procedures.tests.factories import published_procedure

    started = drafts.start_dossier(procedure=published_procedure(), channel="online")
    errors = drafts.set_contact(
        dossier_id=started.dossier.pk,
        contact_name="Paul Martin",
        contact_email="",
        contact_phone="05 53 00 00 01",
        contact_address="",
        notify_by="sms",
    )
    assert errors["contact_phone"] == "Ce numéro ne reçoit pas les SMS : choisissez le courrier ou l'appel."
    started.dossier.refresh_from_db()
    assert started.dossier.contact_phone == "05 53 00 00 01"


@pytest.mark.django_db
def test_a_fixed_line_recorded_for_sms_falls_back_to_a_letter():
    from guichet.procedures.models import Dossier
    from guichet.procedures.services.notify import notify_usager
    from guichet.procedures.tests.test_services import deposited

    dossier = deposited()
    Dossier.objects.filter(pk=dossier.pk).update(
        notify_by="sms",
        contact_phone="+33553000001",
        contact_address="Paul Martin\n1 rue Haute\n47300 Villeneuve",
    )
    dossier.refresh_from_db()
    assert notify_usager(dossier, subject="Votre dossier", body="Bonjour").kind == "letter"
