"""Instructor groups of a procedure, their members and contact details, and the routing rules, edited by
the responsable (or by a group's own members when the responsable allows it)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from guichet.accounts.models import Membership, Role
from guichet.core.exceptions import InvalidInput
from guichet.core.phone import normalize_phone
from guichet.instruction.conditions import LIST_OPERATORS, OPERATORS
from guichet.instruction.models import GroupMember, InstructorGroup, RoutingRule
from guichet.instruction.services import journal
from guichet.instruction.services.routing import route_unrouted
from guichet.procedures import definition as defn
from guichet.procedures.selectors import current_version

DEFAULT_LABEL = "Tous les instructeurs"


def _journal(what: str, *, actor, procedure, group=None, data=None):
    journal.about_procedure(
        what,
        procedure=procedure,
        actor=actor,
        data={"groupe": str(group.pk) if group else None, **(data or {})},
    )


def agents_of(organisation_id):
    return Membership.objects.filter(organisation_id=organisation_id, role=Role.AGENT, is_active=True)


@transaction.atomic
def ensure_default_group(*, procedure, actor=None) -> InstructorGroup:
    """The default group, created with every agent of the organisation the first time a procedure gets
    groups; the procedure's dossiers already deposited go to it (or to the group a rule names)."""
    default = InstructorGroup.objects.select_for_update().filter(procedure=procedure, is_default=True).first()
    if default is not None:
        return default
    default = InstructorGroup.objects.create(procedure=procedure, label=DEFAULT_LABEL, is_default=True)
    GroupMember.objects.bulk_create(
        [GroupMember(group=default, user_id=m.user_id) for m in agents_of(procedure.organisation_id)],
        ignore_conflicts=True,
    )
    _journal("groupe_cree", actor=actor, procedure=procedure, group=default)
    route_unrouted(procedure)
    return default


def _clean_group_fields(*, label: str, contact_email: str, contact_phone: str, contact_address: str):
    label = " ".join((label or "").split())
    if not label:
        raise InvalidInput(
            _("Donnez un nom au groupe, par exemple « Lot-et-Garonne » ou « Dossiers urgents ».")
        )
    phone = (contact_phone or "").strip()
    if phone:
        phone = normalize_phone(phone)
    return label[:120], (contact_email or "").strip(), phone, (contact_address or "").strip()


@transaction.atomic
def save_group(
    *,
    procedure,
    actor,
    label: str,
    group: InstructorGroup | None = None,
    contact_email: str = "",
    contact_phone: str = "",
    contact_address: str = "",
    closed: bool = False,
    members_manage: bool = False,
) -> InstructorGroup:
    ensure_default_group(procedure=procedure, actor=actor)
    label, email, phone, address = _clean_group_fields(
        label=label, contact_email=contact_email, contact_phone=contact_phone, contact_address=contact_address
    )
    if group is None:
        group = InstructorGroup(procedure=procedure)
    if group.is_default and closed:
        raise InvalidInput(
            _("Le groupe par défaut reste ouvert : il reçoit les dossiers qu'aucune règle ne vise.")
        )
    group.label, group.contact_email, group.contact_phone, group.contact_address = (
        label,
        email,
        phone,
        address,
    )
    group.closed, group.members_manage = closed, members_manage
    try:
        with transaction.atomic():
            group.save()
    except IntegrityError:
        raise InvalidInput(
            _("Un groupe porte déjà ce nom dans cette démarche : choisissez-en un autre.")
        ) from None
    _journal("groupe_enregistre", actor=actor, procedure=procedure, group=group)
    return group


@transaction.atomic
def make_default(*, group: InstructorGroup, actor) -> InstructorGroup:
    if group.closed:
        raise InvalidInput(_("Rouvrez ce groupe avant d'en faire le groupe par défaut."))
    InstructorGroup.objects.filter(procedure_id=group.procedure_id, is_default=True).update(is_default=False)
    InstructorGroup.objects.filter(pk=group.pk).update(is_default=True)
    group.is_default = True
    _journal("groupe_par_defaut", actor=actor, procedure=group.procedure, group=group)
    return group


@transaction.atomic
def add_member(*, group: InstructorGroup, user, actor) -> GroupMember:
    if not agents_of(group.procedure.organisation_id).filter(user=user).exists():
        raise InvalidInput(_("Seul un agent de la structure peut entrer dans un groupe instructeur."))
    member, _created = GroupMember.objects.get_or_create(group=group, user=user)
    _journal(
        "membre_ajoute", actor=actor, procedure=group.procedure, group=group, data={"agent": str(user.pk)}
    )
    return member


@transaction.atomic
def remove_member(*, group: InstructorGroup, user, actor) -> None:
    GroupMember.objects.filter(group=group, user=user).delete()
    _journal(
        "membre_retire", actor=actor, procedure=group.procedure, group=group, data={"agent": str(user.pk)}
    )


def field_choices(procedure) -> list[tuple[str, str]]:
    version = current_version(procedure) or procedure.versions.order_by("-number").first()
    if version is None:
        return []
    return [(f["key"], f["label"]) for f in defn.all_fields(version.definition)]


def _clean_conditions(procedure, conditions: list[dict]) -> list[dict]:
    known = dict(field_choices(procedure))
    cleaned = []
    for condition in conditions:
        field, operator = condition.get("field", ""), condition.get("operator", "")
        value = condition.get("value", "")
        if not field and not str(value).strip():
            continue  # an empty line of the form
        if field not in known:
            raise InvalidInput(_("Choisissez une question de la démarche pour chaque condition."))
        if operator not in OPERATORS:
            raise InvalidInput(_("Choisissez comment comparer la réponse pour chaque condition."))
        if not str(value).strip():
            raise InvalidInput(
                _("Indiquez la valeur attendue pour la question « %(label)s ».") % {"label": known[field]}
            )
        if operator in LIST_OPERATORS:
            value = [item.strip() for item in str(value).replace(";", ",").split(",") if item.strip()]
        cleaned.append({"field": field, "operator": operator, "value": value})
    if not cleaned:
        raise InvalidInput(_("Une règle a besoin d'au moins une condition."))
    return cleaned


@transaction.atomic
def save_rule(
    *, procedure, actor, group: InstructorGroup, combinator: str, conditions: list[dict], rule=None
) -> RoutingRule:
    if group.procedure_id != procedure.pk:
        raise InvalidInput(_("Ce groupe n'instruit pas cette démarche."))
    if combinator not in RoutingRule.Combinator.values:
        raise InvalidInput(_("Choisissez si toutes les conditions ou au moins une doivent être remplies."))
    ensure_default_group(procedure=procedure, actor=actor)
    if rule is None:
        last = RoutingRule.objects.filter(procedure=procedure).order_by("-position").first()
        rule = RoutingRule(procedure=procedure, position=(last.position + 1) if last else 0)
    rule.group, rule.combinator = group, combinator
    rule.conditions = _clean_conditions(procedure, conditions)
    rule.save()
    _journal("regle_enregistree", actor=actor, procedure=procedure, group=group, data={"regle": str(rule.pk)})
    return rule


@transaction.atomic
def delete_rule(*, rule: RoutingRule, actor) -> None:
    procedure, rule_id = rule.procedure, str(rule.pk)
    rule.delete()
    _journal("regle_supprimee", actor=actor, procedure=procedure, data={"regle": rule_id})
