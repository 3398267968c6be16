import pytest

from guichet.accounts.models import ApiToken, Role
from guichet.accounts.tests.factories import OrganisationFactory, UserFactory, member

pytestmark = pytest.mark.django_db

HOMES = {
    Role.AGENT: "/comptes/espace/agent/",
    Role.AIDANT: "/comptes/espace/aidant/",
    Role.RESPONSABLE: "/comptes/espace/responsable/",
    Role.ANALYSTE: "/comptes/espace/analyste/",
}


@pytest.mark.parametrize("role", list(HOMES))
def test_each_role_reaches_its_home_and_no_other(client, login_with_2fa, role):
    user = member(role)
    login_with_2fa(client, user)
    assert client.get("/comptes/accueil/")["Location"] == HOMES[role]
    for other_role, url in HOMES.items():
        expected = 200 if other_role == role else 403
        assert client.get(url).status_code == expected, url


@pytest.mark.parametrize("url", list(HOMES.values()) + ["/comptes/accueil/", "/comptes/mon-compte/"])
def test_anonymous_people_are_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/connexion/")


def test_usager_home_needs_no_role(client):
    client.force_login(UserFactory())
    response = client.get("/comptes/accueil/")
    assert response.status_code == 200
    assert "Mon espace" in response.content.decode()


def test_person_with_two_roles_chooses_a_space(client, login_with_2fa):
    organisation = OrganisationFactory()
    user = member(Role.AGENT, organisation=organisation)
    from guichet.accounts.services import add_member

    add_member(user=user, organisation=organisation, role=Role.ANALYSTE)
    login_with_2fa(client, user)
    content = client.get("/comptes/accueil/").content.decode()
    assert "Espace Agent" in content and "Espace Analyste" in content


def test_responsable_creates_then_revokes_an_api_token(client, login_with_2fa):
    organisation = OrganisationFactory()
    responsable = member(Role.RESPONSABLE, organisation=organisation)
    login_with_2fa(client, responsable)
    created = client.post(f"/comptes/espace/responsable/{organisation.id}/jetons/", {"label": "Logiciel RH"})
    assert created.status_code == 200
    token = ApiToken.objects.get()
    assert token.prefix in created.content.decode()
    revoked = client.post(f"/comptes/espace/responsable/{organisation.id}/jetons/{token.id}/revoquer/")
    assert revoked.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_empty_token_label_is_explained_in_french(client, login_with_2fa):
    organisation = OrganisationFactory()
    login_with_2fa(client, member(Role.RESPONSABLE, organisation=organisation))
    response = client.post(f"/comptes/espace/responsable/{organisation.id}/jetons/", {"label": ""})
    assert response.status_code == 200
    assert "Le formulaire contient une erreur" in response.content.decode()
    assert ApiToken.objects.count() == 0


def test_responsable_cannot_touch_another_organisation_tokens(client, login_with_2fa):
    mine, other = OrganisationFactory(), OrganisationFactory()
    login_with_2fa(client, member(Role.RESPONSABLE, organisation=mine))
    from guichet.accounts.services import create_api_token

    token, _key = create_api_token(organisation=other, label="Leur logiciel")
    assert client.post(f"/comptes/espace/responsable/{other.id}/jetons/", {"label": "x"}).status_code == 404
    response = client.post(f"/comptes/espace/responsable/{other.id}/jetons/{token.id}/revoquer/")
    assert response.status_code == 404
    response = client.post(f"/comptes/espace/responsable/{mine.id}/jetons/{token.id}/revoquer/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_agent_cannot_create_tokens(client, login_with_2fa):
    organisation = OrganisationFactory()
    login_with_2fa(client, member(Role.AGENT, organisation=organisation))
    response = client.post(f"/comptes/espace/responsable/{organisation.id}/jetons/", {"label": "x"})
    assert response.status_code == 403
