"""The « Groupe et suivi » panel of the agent's dossier page: the dossier's group, who follows it, who
is involved, and the forms to follow, hand over and move it."""

from django import template

from guichet.instruction import selectors
from guichet.instruction.forms import ForwardForm, InternalMessageForm, LabelsForm, MoveForm
from guichet.instruction.models import InstructorGroup, Label

register = template.Library()


def _aidants(dossier):
    from guichet.mandates.selectors import covers, valid_mandates_for

    if dossier.usager_id is None:
        return []
    mandates = valid_mandates_for(usager=dossier.usager).select_related("organisation", "created_by")
    return [m for m in mandates if covers(m, dossier.procedure_version.procedure)]


@register.inclusion_tag("instruction/includes/team.html", takes_context=True)
def dossier_team(context, dossier):
    request = context["request"]
    route = selectors.route_of(dossier)
    groups = list(InstructorGroup.objects.filter(procedure_id=dossier.procedure_version.procedure_id))
    followers = list(selectors.followers_of(dossier))
    return {
        "request": request,
        "read_only": context.get("read_only", False),
        "csrf_token": context.get("csrf_token"),
        "dossier": dossier,
        "route": route,
        "history": list(selectors.route_history(dossier)),
        "followers": followers,
        "past_followers": list(selectors.followers_of(dossier, active=False)),
        "following": any(f.user_id == request.user.pk for f in followers),
        "aidants": _aidants(dossier),
        "move_form": MoveForm(
            groups=[g for g in groups if not g.closed and (route is None or g.pk != route.group_id)],
            initial={"current": str(route.group_id) if route else ""},
        )
        if len(groups) > 1
        else None,
        "forward_form": ForwardForm(colleagues=selectors.colleagues_for(dossier, request.user)),
        "labels": list(dossier.labels.all()),
        "labels_form": LabelsForm(
            choices=Label.objects.filter(procedure_id=dossier.procedure_version.procedure_id),
            initial={"labels": [str(pk) for pk in dossier.labels.values_list("pk", flat=True)]},
        ),
    }


@register.inclusion_tag("instruction/includes/group_contact.html")
def group_contact(dossier):
    """For the person: whom to reach about their dossier, when the group that instructs it said how."""
    route = selectors.route_of(dossier)
    group = route.group if route else None
    if group is None or not (group.contact_email or group.contact_phone or group.contact_address):
        return {"group": None}
    return {"group": group}


@register.inclusion_tag("instruction/includes/thread.html", takes_context=True)
def internal_thread(context, dossier):
    return {
        "dossier": dossier,
        "read_only": context.get("read_only", False),
        "csrf_token": context.get("csrf_token"),
        "thread": list(selectors.internal_thread(dossier)),
        "form": InternalMessageForm(),
    }
