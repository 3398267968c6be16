from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from guichet.accounts.models import Role
from guichet.accounts.perms import has_role
from guichet.mandates import selectors
from guichet.mandates.perms import MandateRefused


def habilitated_aidant_required(view):
    """Aidants only; a suspended aidant (or one never habilitated) is refused with the reason, journaled."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not has_role(request.user, Role.AIDANT):
            raise PermissionDenied
        if not selectors.habilitated_organisations(request.user).exists():
            raise MandateRefused(
                _(
                    "Votre habilitation d'aidant est suspendue ou n'a pas encore été accordée : vous ne pouvez "
                    "agir pour personne. Adressez-vous au responsable de votre structure."
                ),
                reason="non_habilite",
                actor=request.user,
                subject=("aidant", str(request.user.pk)),
            )
        return view(request, *args, **kwargs)

    return wrapper
