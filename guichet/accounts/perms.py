"""Who may see or do what in accounts. Every access check lives here."""

from django.conf import settings
from django.http import Http404

from guichet.accounts.models import Organisation, Role, User
from guichet.accounts.selectors import organisations_where, roles_of


def has_role(user: User, role: str) -> bool:
    return role in roles_of(user)


def requires_two_factor(user: User) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return bool(roles_of(user) & set(settings.GUICHET_ROLES_REQUIRING_2FA))


def can_manage_organisation(user: User, organisation: Organisation) -> bool:
    return organisations_where(user, Role.RESPONSABLE).filter(pk=organisation.pk).exists()


def managed_organisation_for(user: User, organisation_id) -> Organisation:
    """The organisation if the user manages it; the same 404 whether it is missing or forbidden."""
    organisation = organisations_where(user, Role.RESPONSABLE).filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404
    return organisation
