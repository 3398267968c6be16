"""Who a failed login counts against (django-axes callables), and how the account holder unlocks.

- One account, one count: `USAGER2`, `uSager2` and the account's e-mail address are the same person, so
  failures are counted against the account (its id), whatever spelling was typed. An identifier that
  matches no account is counted under its normalised spelling.
- The client's address is the connection's, or, only when the connection comes from a proxy listed in
  `GUICHET_TRUSTED_PROXIES`, the right-most address of `X-Forwarded-For` that is not one of those proxies.
  A header sent by anybody else is ignored: it cannot spread the count over made-up addresses.
- Anyone who knows an identifier can lock that account for the cool-off time (15 minutes). The holder
  never waits for it: the "mot de passe oublié" link, sent through their own channel, unlocks the
  account when the new password is set (`unlock_account`).
"""

import ipaddress

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q


def canonical_identity(identifier: str) -> str:
    value = (identifier or "").strip()
    if not value:
        return ""
    user = (
        get_user_model()
        .objects.filter(Q(username__iexact=value) | (Q(email__iexact=value) & ~Q(email="")))
        .values_list("pk", flat=True)[:2]
    )
    found = list(user)
    if len(found) == 1:
        return f"compte:{found[0]}"
    return value.casefold()


def axes_username(request, credentials) -> str:
    """AXES_USERNAME_CALLABLE: the account the attempt is about, whatever spelling was typed."""
    typed = ""
    if credentials:
        typed = credentials.get(settings.AXES_USERNAME_FORM_FIELD, "") or ""
    elif request is not None:
        typed = request.POST.get(settings.AXES_USERNAME_FORM_FIELD, "")
    return canonical_identity(typed)


def _parse(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request) -> str:
    """AXES_CLIENT_IP_CALLABLE: the client's address, read from the proxy header only when trusted."""
    remote = _parse(request.META.get("REMOTE_ADDR", "")) or "0.0.0.0"  # noqa: S104 (an address, not a bind)
    trusted = set(settings.GUICHET_TRUSTED_PROXIES)
    if remote not in trusted:
        return remote
    hops = [_parse(part) for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        if hop not in trusted:
            return hop
    return remote


def unlock_account(user) -> None:
    """Clear the failures counted against this account (after a password reset by its holder)."""
    from axes.models import AccessAttempt

    AccessAttempt.objects.filter(username=f"compte:{user.pk}").delete()
