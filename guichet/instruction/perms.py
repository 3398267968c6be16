"""Who reaches which dossier once a procedure has instructor groups, and who manages the groups.

- An agent reaches the dossiers of the groups they belong to. A procedure without groups keeps the old
  rule: every agent of the organisation. A draft (not deposited yet) has no group: the organisation's
  staff reach it, as at the counter.
- A responsable of the organisation reaches all its dossiers (read-only when they are not an agent).
- Groups and rules are managed by the organisation's responsables; a group's own members manage its
  members and contact details when the responsable allowed it.
A forbidden dossier or group is the same 404 as a missing one.
"""

from django.db.models import Q
from django.http import Http404

from guichet.accounts.models import Membership, Role
from guichet.accounts.selectors import organisations_where
from guichet.instruction.models import DossierRoute, GroupMember, InstructorGroup
from guichet.procedures.models import DossierState


def scope_dossiers(user, dossiers):
    if not user.is_authenticated:
        return dossiers.none()
    managed = organisations_where(user, Role.RESPONSABLE).values("pk")
    my_groups = GroupMember.objects.filter(user=user).values("group_id")
    grouped_procedures = InstructorGroup.objects.values("procedure_id")
    my_default_procedures = InstructorGroup.objects.filter(is_default=True, members__user=user).values(
        "procedure_id"
    )
    return dossiers.filter(
        Q(organisation_id__in=managed)
        | Q(state=DossierState.BROUILLON)
        | ~Q(procedure_version__procedure_id__in=grouped_procedures)
        | Q(pk__in=DossierRoute.objects.filter(group_id__in=my_groups).values("dossier_id"))
        | Q(route__isnull=True, procedure_version__procedure_id__in=my_default_procedures)
    )


def route_on_deposit(dossier) -> None:
    from guichet.instruction.services.routing import route_deposited

    route_deposited(dossier)


def is_agent_of(user, organisation_id) -> bool:
    return Membership.objects.filter(
        user=user, organisation_id=organisation_id, role=Role.AGENT, is_active=True
    ).exists()


def can_instruct(user, dossier) -> bool:
    """An agent of the organisation who reaches the dossier (its group)."""
    from guichet.procedures.models import Dossier

    if not is_agent_of(user, dossier.organisation_id):
        return False
    return scope_dossiers(user, Dossier.objects.filter(pk=dossier.pk)).exists()


def is_responsable_of(user, organisation_id) -> bool:
    return organisations_where(user, Role.RESPONSABLE).filter(pk=organisation_id).exists()


def procedure_for_manager(user, procedure_id):
    """The procedure whose groups this user manages in full (a responsable of its organisation)."""
    from guichet.procedures.models import Procedure

    procedure = Procedure.objects.filter(pk=procedure_id).select_related("organisation").first()
    if (
        procedure is None
        or not user.is_authenticated
        or not is_responsable_of(user, procedure.organisation_id)
    ):
        raise Http404
    return procedure


def group_for_manager(user, group_id) -> InstructorGroup:
    """A group this user may edit: as a responsable, or as a member of a group that manages itself."""
    group = InstructorGroup.objects.filter(pk=group_id).select_related("procedure__organisation").first()
    if group is None or not user.is_authenticated:
        raise Http404
    if is_responsable_of(user, group.procedure.organisation_id):
        return group
    if (
        group.members_manage
        and group.members.filter(user=user).exists()
        and is_agent_of(user, group.procedure.organisation_id)
    ):
        return group
    raise Http404
