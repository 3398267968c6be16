import pytest

from guichet.core.exceptions import InvalidInput
from guichet.core.phone import normalize_phone


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("05-53-00-00-01", "+33553000001"),
        ("+32 470 12 34 56", "+32470123456"),
        # the national 0 written after +33 is dropped, as libphonenumber (and every phone) reads it
        ("+33 0612345678", "+33612345678"),
        ("+330612345678", "+33612345678"),
    ],
)
def test_french_and_international_numbers_are_stored_in_e164(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["", "12", "06 12 34", "+33 06123456789", "abcdefghij", "+3306123"])
def test_unrecognised_number_is_refused_with_a_french_example(raw):
    with pytest.raises(InvalidInput) as excinfo:
        normalize_phone(raw)
    assert "06 12 34 56 78" in excinfo.value.message


def test_the_region_is_read_from_the_postal_code_of_an_address():
    from guichet.core.phone import region_of_address

    assert region_of_address("3 rue des Lilas\n97400 Saint-Denis") == "RE"
    assert region_of_address("BP 12\n97600 Mamoudzou") == "YT"
    assert region_of_address("1 place de la Mairie\n47300 Villeneuve-sur-Lot") is None
    assert region_of_address("") is None
