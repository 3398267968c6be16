"""The procedure editor: a responsable shapes a working version, then publishes it.

The working version is an unpublished ProcedureVersion (published_at is null). Published versions
never change: dossiers keep the version they were started with.
"""

import copy

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from guichet.core.delays import DelayUnit, check_delay
from guichet.core.exceptions import InvalidInput
from guichet.procedures import definition as defn
from guichet.procedures.models import ImplicitDecision, Procedure, ProcedureVersion

EMPTY_DEFINITION = {"sections": [], "documents": []}


def _key(label: str, taken: set[str]) -> str:
    base = slugify(label).replace("-", "_")[:40] or "champ"
    if not base[0].isalpha():
        base = f"c_{base}"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def _taken_keys(definition: dict) -> set[str]:
    keys = {s["key"] for s in definition.get("sections", [])}
    keys |= {f["key"] for s in definition.get("sections", []) for f in s.get("fields", [])}
    keys |= {d["key"] for d in definition.get("documents", [])}
    return keys


@transaction.atomic
def working_version(*, procedure: Procedure) -> ProcedureVersion:
    """The version being edited; created from the latest published one (or empty) when missing."""
    Procedure.objects.select_for_update().get(pk=procedure.pk)
    draft = procedure.versions.filter(published_at__isnull=True).first()
    if draft is not None:
        return draft
    last = procedure.versions.order_by("-number").first()
    return ProcedureVersion.objects.create(
        procedure=procedure,
        number=(last.number + 1) if last else 1,
        definition=copy.deepcopy(last.definition) if last else copy.deepcopy(EMPTY_DEFINITION),
        instruction_delay=last.instruction_delay if last else 2,
        instruction_unit=last.instruction_unit if last else DelayUnit.MONTHS,
        implicit_decision=last.implicit_decision if last else ImplicitDecision.REJECTION,
        completion_days=last.completion_days if last else 30,
    )


def _save(version: ProcedureVersion, definition: dict) -> ProcedureVersion:
    if version.published_at is not None:
        raise InvalidInput(_("Une version publiée ne se modifie plus : modifiez la version de travail."))
    version.definition = definition
    version.save(update_fields=["definition"])
    return version


@transaction.atomic
def add_section(*, version: ProcedureVersion, title: str) -> ProcedureVersion:
    title = title.strip()
    if not title:
        raise InvalidInput(_("Donnez un titre à la section."))
    definition = copy.deepcopy(version.definition)
    definition.setdefault("sections", []).append(
        {"key": _key(title, _taken_keys(definition)), "title": title[:120], "fields": []}
    )
    return _save(version, definition)


def _field(
    *,
    key: str,
    label: str,
    type: str,
    required: bool,
    help_text: str,
    choices,
    show_if_field: str,
    show_if_value: str,
) -> dict:
    if not label.strip():
        raise InvalidInput(_("Écrivez la question telle que la personne la lira."))
    if type not in defn.FIELD_TYPES:
        raise InvalidInput(_("Choisissez un type de réponse."))
    field = {"key": key, "type": type, "label": label.strip()[:200], "required": bool(required)}
    if help_text.strip():
        field["help"] = help_text.strip()[:500]
    clean_choices = [c.strip()[:120] for c in (choices or []) if c.strip()]
    if type == "choice":
        if len(clean_choices) < 2:
            raise InvalidInput(_("Une liste de choix doit proposer au moins deux réponses, une par ligne."))
        field["choices"] = clean_choices
    if show_if_field:
        if show_if_field == key:
            raise InvalidInput(_("Une question ne peut pas dépendre d'elle-même."))
        field["show_if"] = {"field": show_if_field, "equals": show_if_value.strip()}
    return field


def _section(definition: dict, section_key: str) -> dict:
    section = next((s for s in definition.get("sections", []) if s["key"] == section_key), None)
    if section is None:
        raise InvalidInput(_("Choisissez la section où ajouter la question."))
    return section


@transaction.atomic
def add_field(
    *,
    version: ProcedureVersion,
    section_key: str,
    label: str,
    type: str,  # noqa: A002 — the word responsables use
    required: bool,
    help_text: str = "",
    choices: list[str] | None = None,
    show_if_field: str = "",
    show_if_value: str = "",
) -> ProcedureVersion:
    definition = copy.deepcopy(version.definition)
    section = _section(definition, section_key)
    field = _field(
        key=_key(label, _taken_keys(definition)),
        label=label,
        type=type,
        required=required,
        help_text=help_text,
        choices=choices,
        show_if_field=show_if_field,
        show_if_value=show_if_value,
    )
    section.setdefault("fields", []).append(field)
    defn.validate_definition(definition)
    return _save(version, definition)


@transaction.atomic
def update_field(
    *,
    version: ProcedureVersion,
    key: str,
    section_key: str,
    label: str,
    type: str,  # noqa: A002
    required: bool,
    help_text: str = "",
    choices: list[str] | None = None,
    show_if_field: str = "",
    show_if_value: str = "",
) -> ProcedureVersion:
    """Change a question of the working version; its key stays, so conditions using it still hold."""
    definition = copy.deepcopy(version.definition)
    target = _section(definition, section_key)
    field = _field(
        key=key,
        label=label,
        type=type,
        required=required,
        help_text=help_text,
        choices=choices,
        show_if_field=show_if_field,
        show_if_value=show_if_value,
    )
    for section in definition.get("sections", []):
        keys = [f["key"] for f in section.get("fields", [])]
        if key in keys:
            if section is target:
                section["fields"][keys.index(key)] = field
            else:
                section["fields"].pop(keys.index(key))
                target.setdefault("fields", []).append(field)
            defn.validate_definition(definition)
            return _save(version, definition)
    raise InvalidInput(_("Cette question n'existe pas."))


@transaction.atomic
def remove_item(*, version: ProcedureVersion, key: str) -> ProcedureVersion:
    """Remove a question, a section or a document, refusing to break a condition that uses it."""
    definition = copy.deepcopy(version.definition)
    for section in definition.get("sections", []):
        for field in section.get("fields", []):
            condition = field.get("show_if") or {}
            if condition.get("field") == key:
                raise InvalidInput(
                    _("La question « %s » dépend de celle-ci : retirez d'abord sa condition.")
                    % field["label"]
                )
    definition["sections"] = [s for s in definition.get("sections", []) if s["key"] != key]
    for section in definition["sections"]:
        section["fields"] = [f for f in section.get("fields", []) if f["key"] != key]
    definition["documents"] = [d for d in definition.get("documents", []) if d["key"] != key]
    return _save(version, definition)


@transaction.atomic
def move_field(*, version: ProcedureVersion, key: str, offset: int) -> ProcedureVersion:
    definition = copy.deepcopy(version.definition)
    for section in definition.get("sections", []):
        keys = [f["key"] for f in section.get("fields", [])]
        if key in keys:
            index = keys.index(key)
            target = max(0, min(len(keys) - 1, index + offset))
            fields = section["fields"]
            fields.insert(target, fields.pop(index))
            try:
                defn.validate_definition(definition)
            except InvalidInput as exc:
                raise InvalidInput(
                    _("Impossible : une condition porterait sur une question placée après.")
                ) from exc
            return _save(version, definition)
    raise InvalidInput(_("Cette question n'existe pas."))


@transaction.atomic
def add_document(
    *, version: ProcedureVersion, label: str, why: str, required: bool, formats: list[str], max_size_mb: int
) -> ProcedureVersion:
    if not label.strip():
        raise InvalidInput(_("Nommez la pièce demandée."))
    if not why.strip():
        raise InvalidInput(_("Expliquez pourquoi cette pièce est nécessaire : la personne le lira."))
    if not formats:
        raise InvalidInput(_("Choisissez au moins un format de fichier accepté."))
    if not 1 <= max_size_mb <= 20:
        raise InvalidInput(_("La taille maximale doit être comprise entre 1 et 20 Mo."))
    definition = copy.deepcopy(version.definition)
    definition.setdefault("documents", []).append(
        {
            "key": _key(label, _taken_keys(definition)),
            "label": label.strip()[:200],
            "why": why.strip()[:500],
            "required": bool(required),
            "accept": list(formats),
            "max_size_mb": int(max_size_mb),
        }
    )
    return _save(version, definition)


@transaction.atomic
def update_rules(
    *,
    version: ProcedureVersion,
    instruction_delay: int,
    implicit_decision: str,
    completion_days: int,
    instruction_unit: str = DelayUnit.DAYS,
) -> ProcedureVersion:
    if implicit_decision not in ImplicitDecision.values:
        raise InvalidInput(_("Choisissez la règle de décision implicite."))
    problem = check_delay(instruction_delay, instruction_unit)
    if problem:
        raise InvalidInput(problem)
    if not 1 <= completion_days <= 365:
        raise InvalidInput(_("Le délai pour compléter va de 1 à 365 jours."))
    version.instruction_delay = instruction_delay
    version.instruction_unit = instruction_unit
    version.implicit_decision = implicit_decision
    version.completion_days = completion_days
    version.save(
        update_fields=["instruction_delay", "instruction_unit", "implicit_decision", "completion_days"]
    )
    return version


@transaction.atomic
def publish(*, version: ProcedureVersion) -> ProcedureVersion:
    if version.published_at is not None:
        return version
    defn.validate_definition(version.definition)
    if not any(s.get("fields") for s in version.definition["sections"]):
        raise InvalidInput(_("Ajoutez au moins une question avant de publier."))
    version.published_at = timezone.now()
    version.save(update_fields=["published_at"])
    Procedure.objects.filter(pk=version.procedure_id).update(is_published=True)
    return version
