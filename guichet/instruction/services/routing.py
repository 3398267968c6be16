"""Where a dossier goes: routed at deposit by the procedure's rules, moved by an agent with a reason,
re-routed when the rules change. Every assignment is kept (`RouteChange`) and journaled."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet.core.exceptions import Conflict, InvalidInput
from guichet.instruction.conditions import rule_matches
from guichet.instruction.models import DossierRoute, InstructorGroup, RouteChange, RoutingRule
from guichet.instruction.services import journal
from guichet.procedures.models import Dossier, DossierState
from guichet.procedures.workflow import OPEN_STATES


def group_for(dossier: Dossier, *, rules=None, default=None) -> tuple[InstructorGroup | None, str]:
    """(group, kind): the open group of the first rule that matches the dossier's answers, else the
    default group; (None, "") when the procedure has no groups."""
    procedure_id = dossier.procedure_version.procedure_id
    if rules is None:
        rules = list(RoutingRule.objects.filter(procedure_id=procedure_id).select_related("group"))
    for rule in rules:
        if not rule.group.closed and rule_matches(rule, dossier.answers or {}):
            return rule.group, RouteChange.Kind.AUTOMATIC
    if default is None:
        default = InstructorGroup.objects.filter(procedure_id=procedure_id, is_default=True).first()
    return default, RouteChange.Kind.DEFAULT


def _set_route(dossier: Dossier, group: InstructorGroup, *, kind: str, actor=None, reason: str = ""):
    now = timezone.now()
    current = DossierRoute.objects.select_for_update().filter(dossier=dossier).first()
    previous = current.group if current else None
    if current is None:
        DossierRoute.objects.create(dossier=dossier, group=group, routed_at=now)
    else:
        current.group, current.routed_at = group, now
        current.save(update_fields=["group", "routed_at"])
    RouteChange.objects.create(
        dossier=dossier, from_group=previous, to_group=group, kind=kind, reason=reason, by=actor, at=now
    )
    journal.about_dossier(
        f"groupe_{kind}",
        dossier=dossier,
        actor=actor,
        data={"groupe": str(group.pk), "avant": str(previous.pk) if previous else None},
    )


def route_deposited(dossier: Dossier) -> InstructorGroup | None:
    """Runs in the deposit's transaction: a dossier of a procedure with groups is never left without one."""
    group, kind = group_for(dossier)
    if group is not None:
        _set_route(dossier, group, kind=kind)
    return group


@transaction.atomic
def move_dossier(*, dossier: Dossier, to_group: InstructorGroup, actor, reason: str, expected_group_id):
    """An agent sends the dossier to another group, saying why. Two agents moving it at once: the
    second finds it already moved and is told where, nothing is overwritten."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise InvalidInput(_("Dites pourquoi vous déplacez ce dossier : le groupe qui le reçoit le lira."))
    if to_group.procedure_id != dossier.procedure_version.procedure_id:
        raise InvalidInput(_("Ce groupe n'instruit pas cette démarche."))
    if to_group.closed:
        raise InvalidInput(_("Ce groupe est fermé : il ne reçoit plus de dossiers."))
    current = DossierRoute.objects.select_for_update().select_related("group").filter(dossier=dossier).first()
    current_id = str(current.group_id) if current else ""
    if current_id != str(expected_group_id or ""):
        raise Conflict(
            _("Ce dossier vient d'être déplacé par quelqu'un d'autre, vers le groupe « %(group)s ».")
            % {"group": current.group.label if current else _("aucun")}
        )
    if current is not None and current.group_id == to_group.pk:
        raise InvalidInput(_("Le dossier est déjà dans ce groupe."))
    _set_route(dossier, to_group, kind=RouteChange.Kind.MANUAL, actor=actor, reason=reason[:1000])
    return to_group


def open_dossiers_to_reroute(procedure) -> list[tuple[Dossier, InstructorGroup]]:
    """The open dossiers whose group the current rules would change, with the group they would get."""
    rules = list(RoutingRule.objects.filter(procedure=procedure).select_related("group"))
    default = InstructorGroup.objects.filter(procedure=procedure, is_default=True).first()
    changes = []
    dossiers = Dossier.objects.filter(
        procedure_version__procedure=procedure, state__in=OPEN_STATES
    ).select_related("procedure_version", "route")
    for dossier in dossiers.iterator(chunk_size=500):
        group, _kind = group_for(dossier, rules=rules, default=default)
        current = getattr(dossier, "route", None)  # None when not routed yet
        if group is not None and (current is None or current.group_id != group.pk):
            changes.append((dossier, group))
    return changes


@transaction.atomic
def reroute_open_dossiers(*, procedure, actor) -> int:
    """Apply the current rules to the open dossiers (offered to the responsable after a change)."""
    changes = open_dossiers_to_reroute(procedure)
    for dossier, group in changes:
        _set_route(dossier, group, kind=RouteChange.Kind.REROUTED, actor=actor)
    return len(changes)


def route_unrouted(procedure) -> int:
    """When a procedure gets its first groups, its dossiers already deposited go to the default group."""
    default = InstructorGroup.objects.filter(procedure=procedure, is_default=True).first()
    dossiers = (
        Dossier.objects.filter(procedure_version__procedure=procedure, route__isnull=True)
        .exclude(state=DossierState.BROUILLON)
        .select_related("procedure_version")
    )
    count = 0
    for dossier in dossiers.iterator(chunk_size=500):
        group, kind = group_for(dossier, default=default)
        if group is not None:
            _set_route(dossier, group, kind=kind)
            count += 1
    return count
