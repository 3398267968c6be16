"""FranceConnect-style sign-in against a real OpenID Connect provider started on localhost."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from guichet.accounts.models import ExternalIdentity
from guichet.procedures.tests.factories import published_procedure
from tests.e2e.conftest import check_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
REPO = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def identity_provider(live_server, tmp_path, settings):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.oidc_provider.settings",
        PROVIDER_DB=str(tmp_path / "provider.sqlite3"),
        OIDC_RSA_PRIVATE_KEY=pem,
        PYTHONPATH=str(REPO),
    )
    run = {"env": env, "cwd": REPO, "check": True, "timeout": 120}
    subprocess.run([sys.executable, "-m", "django", "migrate", "-v0"], **run)
    subprocess.run(
        [
            sys.executable,
            "tests/oidc_provider/setup_provider.py",
            f"{live_server.url}/oidc/callback/",
            "guichet",
            "s3cret",
        ],
        **run,
    )
    port = _free_port()
    log = (tmp_path / "provider.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    base = f"http://127.0.0.1:{port}/o"
    settings.OIDC_RP_CLIENT_ID = "guichet"
    settings.OIDC_RP_CLIENT_SECRET = "s3cret"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{base}/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{base}/token/"
    settings.OIDC_OP_USER_ENDPOINT = f"{base}/userinfo/"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{base}/.well-known/jwks.json"
    yield base
    server.terminate()
    server.wait(timeout=10)
    log.close()


def test_usager_signs_in_with_the_identity_provider_and_finds_the_form_prefilled(
    page, live_server, identity_provider
):
    procedure = published_procedure(slug="aide-fc")
    page.goto(f"{live_server.url}/comptes/connexion/")
    check_page(page, "connexion-fournisseur-identite")
    page.get_by_role("link", name="S'identifier avec FranceConnect").click()
    page.wait_for_url("http://127.0.0.1:*/accounts/login/**")
    page.get_by_label("Identifiant").fill("marie")
    page.get_by_label("Mot de passe").fill("motdepasse-fournisseur")
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_url(f"{live_server.url}/comptes/accueil/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mon espace"
    identity = ExternalIdentity.objects.get()
    assert identity.provider == "FranceConnect" and identity.user.get_full_name() == "Marie Curie"
    page.goto(f"{live_server.url}/demarches/{procedure.slug}/")
    page.get_by_role("button", name="Commencer en ligne").click()
    page.get_by_role("link", name="Remplir la demande").click()
    assert page.get_by_label("Nom", exact=True).input_value() == "Marie Curie"
    assert page.get_by_label("Date de naissance").input_value() == "1984-06-12"
    check_page(page, "formulaire-prerempli-fournisseur")
