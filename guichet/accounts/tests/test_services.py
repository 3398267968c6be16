import pytest

from guichet.accounts import services
from guichet.accounts.models import ApiToken, Membership, Role
from guichet.accounts.tests.factories import OrganisationFactory, UserFactory
from guichet.core.exceptions import InvalidInput

pytestmark = pytest.mark.django_db


def test_a_usager_can_have_an_account_without_email():
    user = services.create_user(username="jeannine", password="Un-long-mot-de-passe-7", email="")
    assert user.email == ""
    assert user.check_password("Un-long-mot-de-passe-7")


def test_two_accounts_without_email_do_not_collide():
    services.create_user(username="a1", password=None)
    services.create_user(username="a2", password=None)


def test_weak_password_is_refused_in_french():
    with pytest.raises(InvalidInput) as excinfo:
        services.create_user(username="jeannine", password="1234")
    assert "mot de passe" in excinfo.value.message.lower()


def test_identifier_is_unique_whatever_the_case():
    services.create_user(username="Claire", password=None)
    with pytest.raises(InvalidInput):
        services.create_user(username="claire", password=None)


def test_email_is_unique_whatever_the_case():
    services.create_user(username="c1", password=None, email="Claire@Exemple.fr")
    with pytest.raises(InvalidInput):
        services.create_user(username="c2", password=None, email="claire@exemple.fr")


def test_add_member_is_idempotent_and_reactivates():
    user, organisation = UserFactory(), OrganisationFactory()
    membership = services.add_member(user=user, organisation=organisation, role=Role.AIDANT)
    services.deactivate_member(membership=membership)
    services.add_member(user=user, organisation=organisation, role=Role.AIDANT)
    assert Membership.objects.get().is_active


def test_unknown_role_is_refused():
    with pytest.raises(InvalidInput):
        services.add_member(user=UserFactory(), organisation=OrganisationFactory(), role="roi")


def test_api_token_is_stored_hashed_and_shown_once():
    token, key = services.create_api_token(organisation=OrganisationFactory(), label="Logiciel")
    assert key.startswith("gui_")
    stored = ApiToken.objects.get()
    assert key not in (stored.key_hash, stored.prefix)
    assert stored.key_hash == ApiToken.hash_key(key)
    assert services.authenticate_api_key(key=key) == token


def test_api_token_needs_a_label():
    with pytest.raises(InvalidInput):
        services.create_api_token(organisation=OrganisationFactory(), label="  ")


def test_revoked_token_no_longer_authenticates():
    token, key = services.create_api_token(organisation=OrganisationFactory(), label="Logiciel")
    services.revoke_api_token(token=token)
    assert services.authenticate_api_key(key=key) is None


def test_totp_enrolment_needs_a_correct_first_code():
    from django_otp.oath import TOTP

    user = UserFactory()
    device = services.start_totp_enrolment(user=user, session_verified=False)
    with pytest.raises(InvalidInput):
        services.confirm_totp_enrolment(device=device, token="000000", session_verified=False)
    device.refresh_from_db()
    device.throttle_reset()
    code = f"{TOTP(device.bin_key).token():06d}"
    codes = services.confirm_totp_enrolment(device=device, token=code, session_verified=False)
    device.refresh_from_db()
    assert device.confirmed
    assert len(codes) == services.RECOVERY_CODE_COUNT
    assert len(set(codes)) == services.RECOVERY_CODE_COUNT
