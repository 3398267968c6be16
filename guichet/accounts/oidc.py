"""Sign-in with an identity provider (FranceConnect-style OpenID Connect), an option, never a requirement.

The provider's identity claims are kept in the session so that forms can be pre-filled; the person
can still change every answer.
"""

import hashlib

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from guichet.accounts import services
from guichet.accounts.models import ExternalIdentity, User
from guichet.core.anonymous_access import forget_anonymous_access
from guichet.core.exceptions import InvalidInput

CLAIMS_SESSION_KEY = "guichet_identity_claims"
IDENTITY_CLAIMS = ("given_name", "family_name", "birthdate", "email", "birthplace", "gender")


def oidc_enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID)


class AuthenticationRequestView(OIDCAuthenticationRequestView):
    def get(self, request):
        if not oidc_enabled():
            raise Http404
        return super().get(request)


class IdentityProviderBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        if not oidc_enabled():
            return None
        return super().authenticate(request, **kwargs)

    def verify_claims(self, claims):
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims):
        return User.objects.filter(
            external_identities__provider=settings.GUICHET_OIDC_PROVIDER_NAME,
            external_identities__subject=claims["sub"],
        )

    @transaction.atomic
    def create_user(self, claims):
        email = claims.get("email", "")
        if email and User.objects.filter(email__iexact=email).exists():
            email = ""  # an existing local account keeps its address; no silent merge of two accounts
        digest = hashlib.sha256(f"{settings.GUICHET_OIDC_PROVIDER_NAME}:{claims['sub']}".encode()).hexdigest()
        try:
            user = services.create_user(
                username=f"fc-{digest[:16]}",
                password=None,
                email=email,
                first_name=claims.get("given_name", "")[:150],
                last_name=claims.get("family_name", "")[:150],
            )
        except InvalidInput:
            return None
        ExternalIdentity.objects.create(
            user=user, provider=settings.GUICHET_OIDC_PROVIDER_NAME, subject=claims["sub"]
        )
        return user

    def update_user(self, user, claims):
        ExternalIdentity.objects.filter(user=user, provider=settings.GUICHET_OIDC_PROVIDER_NAME).update(
            last_login_at=timezone.now()
        )
        return user

    def get_userinfo(self, access_token, id_token, payload):
        self._claims = super().get_userinfo(access_token, id_token, payload)
        return self._claims

    def get_or_create_user(self, access_token, id_token, payload):
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is not None:
            forget_anonymous_access(self.request.session)
            claims = getattr(self, "_claims", {})
            self.request.session[CLAIMS_SESSION_KEY] = {
                k: str(claims[k]) for k in IDENTITY_CLAIMS if k in claims
            }
        return user


def identity_claims(request) -> dict:
    return request.session.get(CLAIMS_SESSION_KEY, {}) if request.user.is_authenticated else {}
