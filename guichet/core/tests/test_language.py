"""French unless the person chose otherwise: a browser set to English no longer gets a mixed page."""

import pytest


@pytest.mark.django_db
def test_a_browser_set_to_english_still_gets_the_french_interface(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "fr"
    assert 'lang="fr"' in response.content.decode()


@pytest.mark.django_db
def test_a_language_chosen_by_the_person_is_used(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR")
    assert response.headers["Content-Language"] == "en"


@pytest.mark.django_db
def test_an_unknown_chosen_language_falls_back_to_french(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    response = client.get("/")
    assert response.headers["Content-Language"] == "fr"
