"""The procedure editor for responsables: no code, every change checked, publish when ready."""

import functools

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from guichet.accounts.decorators import role_required
from guichet.accounts.models import Role
from guichet.accounts.selectors import organisations_where
from guichet.core.exceptions import InvalidInput
from guichet.procedures import definition as defn
from guichet.procedures.forms import DocumentForm, FieldForm, ProcedureCreateForm, RulesForm, SectionForm
from guichet.procedures.models import Procedure
from guichet.procedures.services import catalogue, editor


def _managed(user):
    return Procedure.objects.filter(organisation__in=organisations_where(user, Role.RESPONSABLE))


def _procedure_for(user, procedure_id) -> Procedure:
    procedure = _managed(user).filter(pk=procedure_id).first()
    if procedure is None:
        raise Http404
    return procedure


@role_required(Role.RESPONSABLE)
@require_http_methods(["GET", "POST"])
def procedure_list(request):
    form = ProcedureCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            procedure = catalogue.create_procedure(
                organisation=organisations_where(request.user, Role.RESPONSABLE).first(), **form.cleaned_data
            )
        except InvalidInput as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("procedures:editor", procedure_id=procedure.pk)
    return render(
        request,
        "procedures/manage/procedure_list.html",
        {"procedures": _managed(request.user).prefetch_related("versions"), "form": form},
    )


def _field_initial(definition: dict, key: str) -> dict | None:
    for section in definition.get("sections", []):
        for field in section.get("fields", []):
            if field["key"] == key:
                condition = field.get("show_if") or {}
                return {
                    "section": section["key"],
                    "label": field["label"],
                    "type": field["type"],
                    "required": field.get("required", False),
                    "help_text": field.get("help", ""),
                    "choices": "\n".join(field.get("choices", [])),
                    "show_if_field": condition.get("field", ""),
                    "show_if_value": condition.get("equals", ""),
                }
    return None


def _editor_context(procedure, version, *, editing="", **forms):
    definition = version.definition
    sections = [(s["key"], s["title"]) for s in definition.get("sections", [])]
    questions = [(f["key"], f["label"]) for f in defn.all_fields(definition)]
    labels = dict(questions)
    type_labels = {key: str(label) for key, label in defn.FIELD_TYPES.items()}
    initial = _field_initial(definition, editing) if editing else None
    shown_sections = [
        {
            **section,
            "fields": [
                {
                    **field,
                    "type_label": type_labels.get(field.get("type"), field.get("type")),
                    "condition_label": labels.get((field.get("show_if") or {}).get("field"), ""),
                }
                for field in section.get("fields", [])
            ],
        }
        for section in definition.get("sections", [])
    ]
    return {
        "procedure": procedure,
        "version": version,
        "sections": shown_sections,
        "published": procedure.versions.filter(published_at__isnull=False).order_by("-number"),
        "field_types": defn.FIELD_TYPES,
        "section_form": forms.get("section_form") or SectionForm(),
        "editing": editing if initial else "",
        "editing_label": (initial or {}).get("label", ""),
        "field_form": forms.get("field_form")
        or FieldForm(
            sections=sections,
            questions=[q for q in questions if q[0] != editing] if initial else questions,
            initial=initial,
        ),
        "document_form": forms.get("document_form") or DocumentForm(),
        "rules_form": forms.get("rules_form")
        or RulesForm(
            initial={
                "instruction_delay": version.instruction_delay,
                "instruction_unit": version.instruction_unit,
                "implicit_decision": version.implicit_decision,
                "completion_days": version.completion_days,
            }
        ),
    }


@role_required(Role.RESPONSABLE)
def procedure_editor(request, procedure_id):
    procedure = _procedure_for(request.user, procedure_id)
    version = editor.working_version(procedure=procedure)
    context = _editor_context(procedure, version, editing=request.GET.get("modifier", ""))
    return render(request, "procedures/manage/editor.html", context)


@role_required(Role.RESPONSABLE)
@require_POST
def editor_action(request, procedure_id, action):
    procedure = _procedure_for(request.user, procedure_id)
    version = editor.working_version(procedure=procedure)
    definition = version.definition
    sections = [(s["key"], s["title"]) for s in definition.get("sections", [])]
    questions = [(f["key"], f["label"]) for f in defn.all_fields(definition)]
    forms = {}
    form = None
    try:
        if action == "section":
            form = forms["section_form"] = SectionForm(request.POST)
            if form.is_valid():
                editor.add_section(version=version, title=form.cleaned_data["title"])
        elif action == "question":
            form = forms["field_form"] = FieldForm(request.POST, sections=sections, questions=questions)
            if form.is_valid():
                data = form.cleaned_data
                key = request.POST.get("key", "")
                save = functools.partial(editor.update_field, key=key) if key else editor.add_field
                save(
                    version=version,
                    section_key=data["section"],
                    label=data["label"],
                    type=data["type"],
                    required=data["required"],
                    help_text=data["help_text"],
                    choices=data["choices"].splitlines(),
                    show_if_field=data["show_if_field"],
                    show_if_value=data["show_if_value"],
                )
        elif action == "piece":
            form = forms["document_form"] = DocumentForm(request.POST)
            if form.is_valid():
                editor.add_document(version=version, **form.cleaned_data)
        elif action == "regles":
            form = forms["rules_form"] = RulesForm(request.POST)
            if form.is_valid():
                editor.update_rules(version=version, **form.cleaned_data)
        elif action == "retirer":
            editor.remove_item(version=version, key=request.POST.get("key", ""))
        elif action in ("monter", "descendre"):
            editor.move_field(
                version=version, key=request.POST.get("key", ""), offset=-1 if action == "monter" else 1
            )
        elif action == "publier":
            editor.publish(version=version)
            messages.success(
                request, _("Version %d publiée : les nouveaux dossiers l'utilisent.") % version.number
            )
            return redirect("procedures:manage_procedures")
        else:
            raise Http404
    except InvalidInput as exc:
        if form is None:
            messages.error(request, exc.message)
            return redirect("procedures:editor", procedure_id=procedure.pk)
        form.add_error(None, exc.message)
    if form is not None and form.errors:
        version.refresh_from_db()
        context = _editor_context(procedure, version, editing=request.POST.get("key", ""), **forms)
        return render(request, "procedures/manage/editor.html", context, status=400)
    messages.success(request, _("Modification enregistrée dans la version de travail."))
    return redirect("procedures:editor", procedure_id=procedure.pk)
