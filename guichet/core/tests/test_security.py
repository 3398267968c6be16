import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

REPO = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_every_page_carries_csp_and_secure_headers(client):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_forms_without_csrf_token_are_refused():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/comptes/connexion/", {"username": "x", "password": "y"})
    assert response.status_code == 403


def test_no_template_contains_an_inline_script_or_style_attribute():
    offenders = []
    for path in (REPO / "guichet").rglob("templates/**/*.html"):
        if "letters" in path.parts or "pdf" in path.parts:
            continue  # rendered to PDF by WeasyPrint, never served to a browser
        text = path.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\sstyle=\"", text):
            offenders.append(str(path.relative_to(REPO)))
        if re.search(r"<style\b", text):
            offenders.append(str(path.relative_to(REPO)))
    assert offenders == []


def _settings_in_subprocess(env: dict) -> subprocess.CompletedProcess:
    code = (
        "import django, json; from django.conf import settings; django.setup();"
        "print(json.dumps({'hsts': settings.SECURE_HSTS_SECONDS, 'secure': settings.SESSION_COOKIE_SECURE,"
        "'csrf': settings.CSRF_COOKIE_SECURE, 'ssl': settings.SECURE_SSL_REDIRECT}))"
    )
    full_env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "GUICHET_ENV"}}
    full_env.update(env, DJANGO_SETTINGS_MODULE="guichet.settings")
    return subprocess.run(
        [sys.executable, "-c", code], env=full_env, capture_output=True, text=True, cwd=REPO, timeout=60
    )


def test_production_refuses_to_start_with_the_development_secret_key():
    result = _settings_in_subprocess({"GUICHET_ENV": "production"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_with_debug_on():
    result = _settings_in_subprocess(
        {"GUICHET_ENV": "production", "SECRET_KEY": "kX7-pQ2_zR9" * 6, "DEBUG": "true"}
    )
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_production_refuses_to_start_without_document_encryption_keys():
    result = _settings_in_subprocess({"GUICHET_ENV": "production", "SECRET_KEY": "kX7-pQ2_zR9" * 6})
    assert result.returncode != 0
    assert "GUICHET_DOCUMENT_KEYS" in result.stderr


def test_production_turns_on_hsts_and_secure_cookies():
    result = _settings_in_subprocess(
        {
            "GUICHET_ENV": "production",
            "SECRET_KEY": "kX7-pQ2_zR9" * 6,
            "ALLOWED_HOSTS": "guichet.example",
            "GUICHET_DOCUMENT_KEYS": "vW2f0nT0i8C3yH0m4lYbZQkqgQyO0o1KkB4xJ5c6d7E=",
        }
    )
    assert result.returncode == 0, result.stderr
    assert '"hsts": 31536000' in result.stdout
    assert (
        '"secure": true' in result.stdout
        and '"csrf": true' in result.stdout
        and '"ssl": true' in result.stdout
    )
