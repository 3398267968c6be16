"""The responsable's pages: a procedure's instructor groups, their members, and the routing rules."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guichet.accounts.decorators import any_role_required, role_required
from guichet.accounts.models import Role
from guichet.core.exceptions import InvalidInput
from guichet.instruction import perms, selectors
from guichet.instruction.conditions import OPERATORS, missing_fields
from guichet.instruction.forms import GroupForm, MemberForm, ReplyTemplateForm, RuleForm
from guichet.instruction.models import ReplyTemplate, RoutingRule
from guichet.instruction.services import groups as group_services
from guichet.instruction.services import replies, routing

# A group's page: responsables, and the members of a group that manages itself (both checked in perms).
staff_required = any_role_required(Role.RESPONSABLE, Role.AGENT)


def _rule_lines(rules, fields: dict):
    lines = []
    for rule in rules:
        parts = [
            f"« {fields.get(c.get('field'), c.get('field'))} » {OPERATORS.get(c.get('operator'), '')} "
            f"{', '.join(c['value']) if isinstance(c.get('value'), list) else c.get('value')}"
            for c in rule.conditions
        ]
        joiner = _(" et ") if rule.combinator == RoutingRule.Combinator.ALL else _(" ou ")
        lines.append((rule, joiner.join(parts), missing_fields(rule, set(fields))))
    return lines


@role_required(Role.RESPONSABLE)
def procedure_groups(request, procedure_id):
    procedure = perms.procedure_for_manager(request.user, procedure_id)
    action = request.POST.get("action") if request.method == "POST" else None
    groups = list(selectors.groups_of(procedure))
    fields = group_services.field_choices(procedure)
    group_form = GroupForm(request.POST if action == "groupe" else None)
    rule_form = RuleForm(request.POST if action == "regle" else None, groups=groups, fields=fields)
    try:
        if action == "groupe" and group_form.is_valid():
            group = group_services.save_group(
                procedure=procedure, actor=request.user, **group_form.cleaned_data
            )
            messages.success(
                request, _("Groupe « %(label)s » créé. Ajoutez-y des agents.") % {"label": group.label}
            )
            return redirect("instruction:group", group_id=group.pk)
        if action == "regle" and rule_form.is_valid():
            group = next(g for g in groups if str(g.pk) == rule_form.cleaned_data["group"])
            group_services.save_rule(
                procedure=procedure,
                actor=request.user,
                group=group,
                combinator=rule_form.cleaned_data["combinator"],
                conditions=rule_form.conditions(),
            )
            messages.success(request, _("Règle enregistrée. Elle s'applique aux prochains dépôts."))
            return redirect("instruction:procedure_groups", procedure_id=procedure.pk)
        if action == "reroutage":
            count = routing.reroute_open_dossiers(procedure=procedure, actor=request.user)
            messages.success(
                request, _("%(count)s dossier(s) en cours changé(s) de groupe.") % {"count": count}
            )
            return redirect("instruction:procedure_groups", procedure_id=procedure.pk)
    except InvalidInput as error:
        (group_form if action == "groupe" else rule_form).add_error(None, error.message)
    rules = _rule_lines(selectors.rules_of(procedure), dict(fields))
    return render(
        request,
        "instruction/manage/groups.html",
        {
            "procedure": procedure,
            "groups": groups,
            "rules": rules,
            "broken_rules": [line for line in rules if line[2]],
            "to_reroute": len(routing.open_dossiers_to_reroute(procedure)) if groups else 0,
            "group_form": group_form,
            "rule_form": rule_form,
        },
        status=400 if action and request.method == "POST" else 200,
    )


@role_required(Role.RESPONSABLE)
def procedure_replies(request, procedure_id):
    procedure = perms.procedure_for_manager(request.user, procedure_id)
    form = ReplyTemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            replies.save_reply(procedure=procedure, actor=request.user, **form.cleaned_data)
        except InvalidInput as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Réponse type enregistrée."))
            return redirect("instruction:procedure_replies", procedure_id=procedure.pk)
    return render(
        request,
        "instruction/manage/replies.html",
        {"procedure": procedure, "replies": selectors.replies_of(procedure.pk), "form": form},
        status=400 if request.method == "POST" else 200,
    )


@role_required(Role.RESPONSABLE)
@require_POST
def remove_reply(request, reply_id):
    reply = ReplyTemplate.objects.filter(pk=reply_id).select_related("procedure").first()
    if reply is None:
        raise Http404
    perms.procedure_for_manager(request.user, reply.procedure_id)
    replies.delete_reply(reply=reply, actor=request.user)
    messages.success(request, _("Réponse type supprimée."))
    return redirect("instruction:procedure_replies", procedure_id=reply.procedure_id)


@role_required(Role.RESPONSABLE)
@require_POST
def remove_rule(request, rule_id):
    rule = RoutingRule.objects.filter(pk=rule_id).select_related("procedure").first()
    if rule is None:
        raise Http404
    perms.procedure_for_manager(request.user, rule.procedure_id)
    group_services.delete_rule(rule=rule, actor=request.user)
    messages.success(request, _("Règle supprimée."))
    return redirect("instruction:procedure_groups", procedure_id=rule.procedure_id)


@staff_required
def group_page(request, group_id):
    group = perms.group_for_manager(request.user, group_id)
    procedure = group.procedure
    is_responsable = perms.is_responsable_of(request.user, procedure.organisation_id)
    action = request.POST.get("action") if request.method == "POST" else None
    members = list(group.members.select_related("user").order_by("user__last_name", "user__first_name"))
    candidates = [
        m.user
        for m in group_services.agents_of(procedure.organisation_id).select_related("user")
        if m.user_id not in {member.user_id for member in members}
    ]
    group_form = GroupForm(
        request.POST if action == "groupe" else None,
        initial={name: getattr(group, name) for name in GroupForm.base_fields},
    )
    if not is_responsable:  # members who manage their group do not open, close or delegate it
        del group_form.fields["closed"], group_form.fields["members_manage"]
    member_form = MemberForm(request.POST if action == "membre" else None, agents=candidates)
    try:
        if action == "groupe" and group_form.is_valid():
            data = {"closed": group.closed, "members_manage": group.members_manage, **group_form.cleaned_data}
            group_services.save_group(procedure=procedure, actor=request.user, group=group, **data)
            messages.success(request, _("Groupe enregistré."))
            return redirect("instruction:group", group_id=group.pk)
        if action == "membre" and member_form.is_valid():
            user = get_user_model().objects.get(pk=member_form.cleaned_data["agent"])
            group_services.add_member(group=group, user=user, actor=request.user)
            messages.success(request, _("Agent ajouté au groupe."))
            return redirect("instruction:group", group_id=group.pk)
        if action == "retirer":
            member = next((m for m in members if str(m.user_id) == request.POST.get("agent")), None)
            if member is not None:
                group_services.remove_member(group=group, user=member.user, actor=request.user)
                messages.success(request, _("Agent retiré du groupe."))
            return redirect("instruction:group", group_id=group.pk)
        if action == "defaut" and is_responsable:
            group_services.make_default(group=group, actor=request.user)
            messages.success(request, _("C'est désormais le groupe par défaut."))
            return redirect("instruction:group", group_id=group.pk)
    except InvalidInput as error:
        (member_form if action == "membre" else group_form).add_error(None, error.message)
    return render(
        request,
        "instruction/manage/group.html",
        {
            "group": group,
            "procedure": procedure,
            "members": members,
            "group_form": group_form,
            "member_form": member_form,
            "is_responsable": is_responsable,
        },
        status=400 if action and request.method == "POST" else 200,
    )
