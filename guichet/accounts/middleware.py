from django.shortcuts import redirect
from django.urls import reverse

from guichet.accounts.perms import requires_two_factor

# Paths a person who still owes a second factor may reach.
_OPEN_PREFIXES = ("/static/", "/comptes/deconnexion/", "/comptes/double-authentification/", "/api/")


class RequireTwoFactorMiddleware:
    """Agents, aidants and responsables must pass TOTP before reaching any page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and requires_two_factor(user)
            and not user.is_verified()
        ):
            from django_otp import devices_for_user

            has_device = any(True for _device in devices_for_user(user, confirmed=True))
            target = "accounts:otp_verify" if has_device else "accounts:otp_setup"
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)
