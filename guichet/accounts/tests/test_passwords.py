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


PRODUCTION_HASHERS = [
    "guichet.accounts.passwords.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


def test_passwords_are_stored_with_argon2id_at_owasps_baseline(settings):
    from django.contrib.auth.hashers import identify_hasher, make_password

    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    encoded = make_password("Un-mot-de-passe-solide-2026")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert identify_hasher(encoded).algorithm == "argon2"


@pytest.mark.django_db
def test_a_password_stored_with_pbkdf2_still_signs_in_and_is_upgraded(client, settings):
    from django.contrib.auth.hashers import make_password

    from guichet.accounts.tests.factories import UserFactory

    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    user = UserFactory(username="ancienne")
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    response = client.post("/comptes/connexion/", {"username": "ancienne", "password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")


def test_stronger_argon2_settings_come_from_the_settings(settings):
    from django.contrib.auth.hashers import make_password

    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS
    settings.GUICHET_ARGON2 = {"time_cost": 3, "memory_kib": 32768, "parallelism": 2}
    assert make_password("Un-mot-de-passe-solide-2026").startswith("argon2$argon2id$v=19$m=32768,t=3,p=2$")
