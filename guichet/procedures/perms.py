"""Who may see or act on a dossier. A forbidden dossier gives the same 404 as a missing one."""

from django.http import Http404

from guichet.accounts.models import Role
from guichet.accounts.selectors import organisations_where, roles_of
from guichet.core import session_secrets
from guichet.procedures.models import Dossier, Procedure

FOLLOWED_SESSION_KEY = "guichet_dossiers_suivis"
CODES_SESSION_KEY = "guichet_codes_a_remettre"
STAFF_ROLES = (Role.AGENT, Role.RESPONSABLE)


def _dossiers():
    return Dossier.objects.select_related("procedure_version__procedure", "organisation", "usager")


def staff_organisation_ids(user) -> set:
    if not user.is_authenticated:
        return set()
    ids = set()
    for role in STAFF_ROLES:
        ids |= set(organisations_where(user, role).values_list("pk", flat=True))
    return ids


# Which of its organisation's dossiers a staff member may reach (instructor groups): the instruction
# module, which builds on procedures, registers its scope when its app is ready.
_staff_scopes: list = []


def register_staff_scope(scope) -> None:
    """`scope(user, dossiers)` narrows a queryset of the organisation's dossiers to those `user` may reach."""
    if scope not in _staff_scopes:
        _staff_scopes.append(scope)


def scoped_for_staff(user, dossiers):
    for scope in _staff_scopes:
        dossiers = scope(user, dossiers)
    return dossiers


def is_staff_of(user, dossier: Dossier) -> bool:
    if dossier.organisation_id not in staff_organisation_ids(user):
        return False
    return not _staff_scopes or scoped_for_staff(user, Dossier.objects.filter(pk=dossier.pk)).exists()


def is_usager_of(request, dossier: Dossier) -> bool:
    if request.user.is_authenticated and dossier.usager_id == request.user.pk:
        return True
    return str(dossier.pk) in request.session.get(FOLLOWED_SESSION_KEY, [])


def remember_code(request, dossier: Dossier, code: str) -> None:
    """The follow-up code to hand over, kept (encrypted) for the session that created it."""
    session_secrets.keep(request.session, CODES_SESSION_KEY, str(dossier.pk), code)


def remembered_code(request, dossier: Dossier) -> str | None:
    return session_secrets.recall(request.session, CODES_SESSION_KEY, str(dossier.pk))


def acts_for_others(user) -> bool:
    """Staff (agent, aidant, responsable, analyste) never take a person's place with a follow-up code:
    what they do for someone goes through their role or mandate, and is journaled as such."""
    return user.is_authenticated and bool(roles_of(user))


def grant_followup(request, dossier: Dossier) -> None:
    """This browser session proved it holds the dossier number and its follow-up code."""
    followed = [d for d in request.session.get(FOLLOWED_SESSION_KEY, []) if d != str(dossier.pk)]
    request.session[FOLLOWED_SESSION_KEY] = [*followed[-19:], str(dossier.pk)]


def dossier_for_usager(request, dossier_id) -> Dossier:
    dossier = _dossiers().filter(pk=dossier_id).first()
    if dossier is None or not is_usager_of(request, dossier):
        raise Http404
    return dossier


def dossier_for_staff(user, dossier_id) -> Dossier:
    dossiers = _dossiers().filter(pk=dossier_id, organisation_id__in=staff_organisation_ids(user))
    dossier = scoped_for_staff(user, dossiers).first()
    if dossier is None:
        raise Http404
    return dossier


def dossier_for_editor(request, dossier_id) -> Dossier:
    """Who may fill a dossier's form: its usager, staff of its organisation (counter, phone, mail), or
    an aidant under a valid mandate covering the procedure, or the usager's legal representative
    (both checked at every request)."""
    dossier = _dossiers().filter(pk=dossier_id).first()
    if dossier is None:
        raise Http404
    allowed = is_usager_of(request, dossier) or is_staff_of(request.user, dossier)
    if not allowed and not is_acting_for_usager(request, dossier):
        raise Http404
    return dossier


# Who may act for the dossier's usager (an aidant under mandate, a legal representative): the mandates
# module, which builds on procedures, registers its check when its app is ready; procedures imports it not.
_acting_checks: list = []


def register_acting_check(check) -> None:
    """`check(request, dossier)` returns what allows acting (a mandate…), None, or raises its refusal."""
    if check not in _acting_checks:
        _acting_checks.append(check)


def is_acting_for_usager(request, dossier: Dossier) -> bool:
    """Raises the registered module's refusal, with its reason, when the mandate or representation no
    longer allows it. What allows it is kept on the request (`guichet_acting`) for the pages to say
    « vous agissez pour … »."""
    for check in _acting_checks:
        authority = check(request, dossier)
        if authority is not None:
            request.guichet_acting = authority
            return True
    return False


def procedures_for_staff(user):
    return Procedure.objects.filter(organisation_id__in=staff_organisation_ids(user))


def can_manage_procedures(user, organisation_id) -> bool:
    return organisations_where(user, Role.RESPONSABLE).filter(pk=organisation_id).exists()
