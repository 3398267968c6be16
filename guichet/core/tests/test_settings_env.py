"""A setting whose value is not understood stops the start (issue 21, finding 13)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from guichet import env

REPO = Path(__file__).resolve().parents[3]
PRODUCTION = {
    "GUICHET_ENV": "production",
    "SECRET_KEY": "kX7-pQ2_zR9" * 6,
    "ALLOWED_HOSTS": "guichet.example",
    "GUICHET_DOCUMENT_KEYS": "vW2f0nT0i8C3yH0m4lYbZQkqgQyO0o1KkB4xJ5c6d7E=",
    "SECURE_PROXY_SSL_HEADER": "true",
}


def _run(args: list[str], extra: dict) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "GUICHET_ENV"}}
    full_env.update(extra, DJANGO_SETTINGS_MODULE="guichet.settings")
    return subprocess.run(
        [sys.executable, *args], env=full_env, capture_output=True, text=True, cwd=REPO, timeout=120
    )


@pytest.mark.parametrize("value", ["ture", "Ture", "flase", "enabled", "2"])
def test_a_boolean_typo_is_refused_naming_the_setting(monkeypatch, value):
    monkeypatch.setenv("AXES_ENABLED", value)
    with pytest.raises(ImproperlyConfigured, match="AXES_ENABLED"):
        env.env_bool("AXES_ENABLED", True)


@pytest.mark.parametrize(("value", "expected"), [("true", True), ("OUI", True), ("0", False), ("off", False)])
def test_known_boolean_words_are_read(monkeypatch, value, expected):
    monkeypatch.setenv("X_FLAG", value)
    assert env.env_bool("X_FLAG", not expected) is expected


def test_an_integer_that_is_not_one_or_too_small_is_refused(monkeypatch):
    monkeypatch.setenv("AXES_FAILURE_LIMIT", "cinq")
    with pytest.raises(ImproperlyConfigured, match="AXES_FAILURE_LIMIT"):
        env.env_int("AXES_FAILURE_LIMIT", 5)
    monkeypatch.setenv("AXES_FAILURE_LIMIT", "0")
    with pytest.raises(ImproperlyConfigured, match="1 au moins"):
        env.env_int("AXES_FAILURE_LIMIT", 5, minimum=1)


def test_a_choice_outside_its_list_is_refused(monkeypatch):
    monkeypatch.setenv("GUICHET_ENV", "prod")
    with pytest.raises(ImproperlyConfigured, match="development, production"):
        env.env_choice("GUICHET_ENV", "development", ("development", "production"))


def test_a_secret_is_read_from_the_file_named_by_name_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text("s" * 60 + "\n", encoding="utf-8")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("SECRET_KEY_FILE", str(secret))
    assert env.env_str("SECRET_KEY", "defaut") == "s" * 60
    monkeypatch.setenv("SECRET_KEY", "autre")
    with pytest.raises(ImproperlyConfigured, match="un seul"):
        env.env_str("SECRET_KEY", "defaut")
    monkeypatch.delenv("SECRET_KEY")
    monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "absent"))
    with pytest.raises(ImproperlyConfigured, match="ne peut pas être lu"):
        env.env_str("SECRET_KEY", "defaut")


@pytest.mark.parametrize(
    ("name", "value"),
    [("AXES_ENABLED", "ture"), ("SESSION_COOKIE_SECURE", "Ture"), ("OIDC_USE_PKCE", "flase")],
)
def test_the_process_does_not_start_with_a_misspelt_protection(name, value):
    result = _run(["-c", "import django; django.setup()"], {name: value})
    assert result.returncode != 0
    assert f"{name}='{value}' n'est pas compris" in result.stderr


def test_check_deploy_with_production_settings_warns_only_of_what_exploitation_explains():
    result = _run(["manage.py", "check", "--deploy"], PRODUCTION)
    assert result.returncode == 0, result.stderr
    warned = set(re.findall(r"\(([a-z_]+\.[WE]\d+)\)", result.stdout + result.stderr))
    explained = (REPO / "docs" / "exploitation.md").read_text(encoding="utf-8")
    unexplained = {warning for warning in warned if f"`{warning}`" not in explained}
    assert unexplained == set(), result.stdout + result.stderr
