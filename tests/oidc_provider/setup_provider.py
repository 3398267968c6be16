"""Create the provider's test person and Guichet's client registration. Run by the test fixture."""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_provider.settings")
django.setup()

from django.contrib.auth.models import User  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402

redirect_uri, client_id, client_secret = sys.argv[1:4]
User.objects.create_user(
    "marie",
    email="marie.curie@exemple.fr",
    password="motdepasse-fournisseur",
    first_name="Marie",
    last_name="Curie",
)
Application.objects.create(
    name="Guichet",
    client_id=client_id,
    client_secret=client_secret,
    client_type=Application.CLIENT_CONFIDENTIAL,
    authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
    redirect_uris=redirect_uri,
    algorithm=Application.RS256_ALGORITHM,
    skip_authorization=True,
)
