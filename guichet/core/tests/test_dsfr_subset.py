"""The DSFR subset shipped is the one the templates need (issue 22, point 5)."""

import pytest

from guichet.core import dsfr_subset


def test_the_committed_subset_is_what_the_templates_and_the_installed_dsfr_give():
    expected = dsfr_subset.build()
    assert dsfr_subset.OUTPUT.read_text(encoding="utf-8") == expected, (
        "dsfr-subset.css n'est plus à jour (django-dsfr mis à jour, ou une nouvelle classe fr-… dans un "
        "gabarit) : lancez « python manage.py build_dsfr_subset » et commitez le fichier."
    )


def test_the_subset_keeps_what_the_pages_use_and_drops_the_rest():
    css = dsfr_subset.OUTPUT.read_text(encoding="utf-8")
    for kept in (".fr-btn", ".fr-header", ".fr-input-group--error", ".fr-alert--error", ".fr-icon-lock-line"):
        assert kept in css, kept
    for dropped in (
        ".fr-accordion",
        ".fr-tile",
        ".fr-p-first-32v",
        ".fr-icon-bank-line",
        "Spectral-Regular.woff2",
    ):
        assert dropped not in css, dropped
    assert css.count("@font-face") == 2 and "font-display:swap" in css


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("setting", "present", "absent"),
    [
        ("sous-ensemble", "core/css/dsfr-subset.css", "utility.min.css"),
        ("complet", "dsfr/dist/dsfr/dsfr.min.css", "dsfr-subset.css"),
    ],
)
def test_pages_link_the_stylesheet_the_setting_chooses(client, settings, setting, present, absent):
    settings.GUICHET_DSFR_CSS = setting
    page = client.get("/").content.decode()
    assert present in page and absent not in page
