"""Reading the back office: a procedure's groups and rules, a dossier's group and the people involved,
and the queue's tabs with their counters (one query for all counters)."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guichet.instruction.models import (
    DossierRoute,
    Follower,
    GroupMember,
    InstructorGroup,
    InternalMessage,
    ReplyTemplate,
    RouteChange,
    RoutingRule,
)
from guichet.procedures.models import Message
from guichet.procedures.workflow import FINAL_STATES, OPEN_STATES

DEADLINE_DAYS = 15
TABS = {
    "a-suivre": _("À suivre"),
    "suivis": _("Suivis par moi"),
    "echeance": _("Échéance proche"),
    "traites": _("Traités"),
    "tous": _("Tous"),
}


def groups_of(procedure):
    return (
        InstructorGroup.objects.filter(procedure=procedure)
        .annotate(member_count=Count("members"))
        .prefetch_related("members__user")
    )


def rules_of(procedure):
    return RoutingRule.objects.filter(procedure=procedure).select_related("group")


def groups_of_user(user):
    return InstructorGroup.objects.filter(members__user=user).select_related("procedure")


def route_of(dossier):
    return DossierRoute.objects.filter(dossier=dossier).select_related("group").first()


def route_history(dossier):
    return RouteChange.objects.filter(dossier=dossier).select_related("from_group", "to_group", "by")


def replies_of(procedure_id):
    return ReplyTemplate.objects.filter(procedure_id=procedure_id)


def internal_thread(dossier):
    return InternalMessage.objects.filter(dossier=dossier).select_related("author")


def followers_of(dossier, *, active: bool = True):
    return (
        Follower.objects.filter(dossier=dossier, until__isnull=active)
        .select_related("user", "forwarded_by")
        .order_by("since")
    )


def colleagues_for(dossier, user):
    """Agents to whom this dossier can be handed: the members of its group (all the organisation's agents
    when the procedure has no groups), except oneself."""
    from guichet.accounts.models import Membership, Role

    route = route_of(dossier)
    agents = Membership.objects.filter(
        organisation_id=dossier.organisation_id, role=Role.AGENT, is_active=True
    ).exclude(user=user)
    if route is not None:
        agents = agents.filter(user__in=GroupMember.objects.filter(group=route.group).values("user"))
    return [m.user for m in agents.select_related("user").order_by("user__last_name", "user__first_name")]


def _followed_by(user):
    return Exists(Follower.objects.filter(dossier=OuterRef("pk"), user=user, until__isnull=True))


def _followed():
    return Exists(Follower.objects.filter(dossier=OuterRef("pk"), until__isnull=True))


def _tab_conditions(user, today: datetime.date) -> dict:
    soon = today + datetime.timedelta(days=DEADLINE_DAYS)
    open_ = Q(state__in=OPEN_STATES)
    return {
        "a-suivre": open_ & Q(followed=False),
        "suivis": open_ & Q(followed_by_me=True),
        "echeance": open_ & Q(decision_due_on__isnull=False, decision_due_on__lte=soon),
        "traites": Q(state__in=FINAL_STATES),
        "tous": Q(),
    }


def with_following(dossiers, user):
    awaiting = Exists(Message.objects.filter(dossier=OuterRef("pk"), awaiting_reply=True))
    return dossiers.annotate(followed=_followed(), followed_by_me=_followed_by(user), awaiting_reply=awaiting)


def in_tab(dossiers, tab: str, user, *, today=None):
    """`dossiers` (already scoped to what the user reaches) narrowed to a tab of the list."""
    conditions = _tab_conditions(user, today or timezone.localdate())
    return with_following(dossiers, user).filter(conditions.get(tab, Q()))


def tab_counts(dossiers, user, *, today=None) -> dict[str, int]:
    conditions = _tab_conditions(user, today or timezone.localdate())
    counted = with_following(dossiers.order_by(), user).aggregate(
        **{tab.replace("-", "_"): Count("pk", filter=condition) for tab, condition in conditions.items()}
    )
    return {tab: counted[tab.replace("-", "_")] for tab in conditions}
