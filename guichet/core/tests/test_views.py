import pytest

pytestmark = pytest.mark.django_db


def test_home_page_is_in_french_and_lists_every_channel(client, query_budget):
    with query_budget(2):  # only the SAVEPOINT pair of ATOMIC_REQUESTS inside the test transaction
        response = client.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="fr"' in content
    for label in ["En ligne", "Au guichet", "Par téléphone", "Par courrier", "Avec un aidant"]:
        assert label in content
    assert 'href="#contenu"' in content  # skip link


@pytest.mark.parametrize("url", ["/accessibilite/", "/mentions-legales/"])
def test_public_information_pages_open_without_account(client, url):
    response = client.get(url)
    assert response.status_code == 200


def test_neutral_theme_has_no_marianne_nor_state_logo(client, settings):
    settings.GUICHET_THEME = "neutre"
    content = client.get("/").content.decode()
    assert "République" not in content
    assert "fr-logo" not in content
    assert "dsfr" not in content
    assert "core/css/neutre.css" in content


def test_dsfr_theme_shows_the_state_block(client, settings):
    settings.GUICHET_THEME = "dsfr"
    content = client.get("/").content.decode()
    assert "fr-logo" in content and "dsfr" in content


def test_unknown_page_gets_a_french_404(client):
    response = client.get("/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"etat": "ok"}
