import pytest

from guichet.accounts.models import ExternalIdentity
from guichet.accounts.oidc import IdentityProviderBackend
from guichet.accounts.tests.factories import UserFactory
from guichet.core.channels import Channel
from guichet.procedures.services import drafts
from guichet.procedures.tests.factories import published_procedure

pytestmark = pytest.mark.django_db

CLAIMS = {"sub": "abc123", "given_name": "Marie", "family_name": "Curie", "email": "marie@exemple.fr"}


@pytest.fixture
def enabled(settings):
    settings.OIDC_RP_CLIENT_ID = "guichet"
    settings.OIDC_OP_TOKEN_ENDPOINT = "http://127.0.0.1:1/token/"
    settings.OIDC_OP_USER_ENDPOINT = "http://127.0.0.1:1/userinfo/"
    settings.OIDC_OP_JWKS_ENDPOINT = "http://127.0.0.1:1/jwks/"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "http://127.0.0.1:1/authorize/"


def test_sign_in_with_a_provider_is_off_without_configuration(client):
    assert "S&#x27;identifier avec" not in client.get("/comptes/connexion/").content.decode()
    assert client.get("/oidc/authenticate/").status_code == 404


def test_the_login_page_offers_the_provider_when_configured(client, enabled):
    content = client.get("/comptes/connexion/").content.decode()
    assert "identifier avec FranceConnect" in content
    response = client.get("/oidc/authenticate/")
    assert response.status_code == 302
    assert response["Location"].startswith("http://127.0.0.1:1/authorize/?")
    assert "code_challenge=" in response["Location"]  # PKCE


def test_a_new_identity_gets_an_account_without_password_and_is_found_again(enabled):
    backend = IdentityProviderBackend()
    user = backend.create_user(CLAIMS)
    assert not user.has_usable_password() and user.get_full_name() == "Marie Curie"
    assert list(backend.filter_users_by_claims(CLAIMS)) == [user]
    assert ExternalIdentity.objects.get().subject == "abc123"


def test_an_identity_never_takes_over_a_local_account_with_the_same_email(enabled):
    local = UserFactory(email="marie@exemple.fr")
    user = IdentityProviderBackend().create_user(CLAIMS)
    assert user != local and user.email == ""


def test_identity_claims_prefill_only_empty_answers():
    procedure = published_procedure()
    dossier = drafts.start_dossier(procedure=procedure, channel=Channel.ONLINE).dossier
    drafts.save_answers(dossier_id=dossier.pk, values={"naissance": "1990-01-01"})
    dossier = drafts.prefill_identity(
        dossier_id=dossier.pk,
        claims={"given_name": "Marie", "family_name": "Curie", "birthdate": "1984-06-12"},
    )
    assert dossier.answers == {"naissance": "1990-01-01", "nom": "Marie Curie"}
    assert dossier.contact_name == "Marie Curie"
