import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from guichet.accounts import services
from guichet.accounts.tests.factories import PASSWORD
from guichet.core.exceptions import InvalidInput


@pytest.mark.parametrize(
    "password",
    [
        "azertyuiop2024",  # French keyboard walk and a year
        "Marseille-2024!",  # a city, a separator, a year, a symbol
        "M0tdepasse123456",  # l33t spelling
        "Jetaime!!!!!!!!",
        "Guichet123456789",  # the service's own name
        "password12345678",  # from Django's list of breached passwords
        "Sunshine20242024",
    ],
)
def test_common_passwords_dressed_up_with_digits_are_refused(password):
    with pytest.raises(ValidationError) as error:
        validate_password(password)
    assert any(e.code == "password_breached" for e in error.value.error_list)
    assert "trop courant" in " ".join(error.value.messages)


@pytest.mark.parametrize("password", [PASSWORD, "cheval-agrafe-nuage-piano", "Tartine de lune au grenier"])
def test_uncommon_passphrases_are_accepted(password):
    validate_password(password)


@pytest.mark.django_db
def test_account_creation_explains_a_breached_password_in_french():
    with pytest.raises(InvalidInput) as error:
        services.create_user(username="nouvelle", password="Chocolat-123456")
    assert "trop courant" in error.value.message
