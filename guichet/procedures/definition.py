"""Procedure definitions: their shape, the forms built from them, and the validation of answers.

A definition is plain JSON so a responsable can edit it without code:

    {"sections": [{"key": "foyer", "title": "Votre foyer", "fields": [
        {"key": "nb_enfants", "type": "number", "label": "Nombre d'enfants", "required": true,
         "help": "…", "show_if": {"field": "a_des_enfants", "equals": "oui"}}]}],
     "documents": [{"key": "justificatif_domicile", "label": "Justificatif de domicile",
                    "why": "Pour vérifier que vous habitez la commune.", "required": true,
                    "accept": ["pdf", "jpg", "png"], "max_size_mb": 5}]}

Answers are stored as the person typed them (strings), so nothing is lost when a value is invalid;
they are validated when the person continues or submits.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from guichet.core.exceptions import InvalidInput
from guichet.core.forms import GuichetForm

FIELD_TYPES = {
    "text": gettext_lazy("Texte court"),
    "textarea": gettext_lazy("Texte long"),
    "number": gettext_lazy("Nombre"),
    "date": gettext_lazy("Date"),
    "choice": gettext_lazy("Choix dans une liste"),
    "yesno": gettext_lazy("Oui ou non"),
    "address": gettext_lazy("Adresse postale"),
    "iban": gettext_lazy("IBAN (coordonnées bancaires)"),
    "email": gettext_lazy("Adresse électronique"),
    "phone": gettext_lazy("Téléphone"),
    "file": gettext_lazy("Fichier"),
}
FILE_FORMATS = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
}
ACCEPT_ATTRIBUTE = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
DEFAULT_MAX_SIZE_MB = 10
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


@dataclass(frozen=True)
class Slot:
    """A document to attach: from the documents list or a field of type file."""

    key: str
    label: str
    why: str
    required: bool
    accept: tuple[str, ...]
    max_size_mb: int


def validate_definition(definition: dict) -> dict:
    """Check a definition's shape; raise InvalidInput with a French message naming the problem."""
    if not isinstance(definition, dict):
        raise InvalidInput(_("La définition doit être un objet JSON."))
    sections = definition.get("sections")
    if not isinstance(sections, list) or not sections:
        raise InvalidInput(_("La démarche doit avoir au moins une section."))
    seen = set()
    for section in sections:
        if (
            not isinstance(section, dict)
            or not KEY_PATTERN.match(str(section.get("key", "")))
            or not section.get("title")
        ):
            raise InvalidInput(_("Chaque section doit avoir une clé (minuscules, chiffres, _) et un titre."))
        fields = section.get("fields", [])
        if not isinstance(fields, list):
            raise InvalidInput(
                _("Les questions de la section « %s » doivent former une liste.") % section["key"]
            )
        for field in fields:
            _validate_field(field, seen)
    documents = definition.get("documents", [])
    if not isinstance(documents, list):
        raise InvalidInput(_("Les pièces justificatives doivent former une liste."))
    for document in documents:
        if not isinstance(document, dict):
            raise InvalidInput(_("Chaque pièce justificative doit être décrite par un objet."))
        key = str(document.get("key", ""))
        if not KEY_PATTERN.match(key) or key in seen:
            raise InvalidInput(_("Clé de pièce justificative invalide ou en double : « %s ».") % key)
        seen.add(key)
        if not document.get("label"):
            raise InvalidInput(_("La pièce « %s » n'a pas de libellé.") % key)
        accept = document.get("accept", [])
        if not isinstance(accept, list) or set(map(str, accept)) - set(FILE_FORMATS):
            raise InvalidInput(_("Formats de fichier non pris en charge pour « %s » (PDF, JPG, PNG).") % key)
    return definition


def _validate_field(field, seen: set) -> None:
    if not isinstance(field, dict):
        raise InvalidInput(_("Chaque question doit être décrite par un objet."))
    key = str(field.get("key", ""))
    if not KEY_PATTERN.match(key):
        raise InvalidInput(_("Clé de champ invalide : « %s » (minuscules, chiffres et _).") % key)
    if key in seen:
        raise InvalidInput(_("La clé « %s » est utilisée deux fois.") % key)
    seen.add(key)
    if field.get("type") not in FIELD_TYPES:
        raise InvalidInput(_("Type de champ inconnu pour « %s ».") % key)
    if not field.get("label"):
        raise InvalidInput(_("Le champ « %s » n'a pas de libellé.") % key)
    choices = field.get("choices")
    if field["type"] == "choice" and (not isinstance(choices, list) or not choices):
        raise InvalidInput(_("Le champ « %s » doit proposer au moins un choix.") % key)
    condition = field.get("show_if")
    if condition is not None and (
        not isinstance(condition, dict) or condition.get("field") not in seen - {key}
    ):
        raise InvalidInput(_("La condition du champ « %s » doit porter sur un champ placé avant lui.") % key)


def sections(definition: dict) -> list[dict]:
    return definition.get("sections", [])


def section(definition: dict, key: str) -> dict | None:
    return next((s for s in sections(definition) if s["key"] == key), None)


def all_fields(definition: dict) -> list[dict]:
    return [field for s in sections(definition) for field in s.get("fields", []) if field["type"] != "file"]


def slots(definition: dict) -> list[Slot]:
    found = [
        Slot(
            key=f["key"],
            label=f["label"],
            why=f.get("help", ""),
            required=bool(f.get("required")),
            accept=tuple(f.get("accept") or FILE_FORMATS),
            max_size_mb=int(f.get("max_size_mb") or DEFAULT_MAX_SIZE_MB),
        )
        for s in sections(definition)
        for f in s.get("fields", [])
        if f["type"] == "file"
    ]
    found += [
        Slot(
            key=d["key"],
            label=d["label"],
            why=d.get("why", ""),
            required=bool(d.get("required")),
            accept=tuple(d.get("accept") or FILE_FORMATS),
            max_size_mb=int(d.get("max_size_mb") or DEFAULT_MAX_SIZE_MB),
        )
        for d in definition.get("documents", [])
    ]
    return found


def is_visible(field: dict, answers: dict) -> bool:
    condition = field.get("show_if")
    if not condition:
        return True
    return (
        str(answers.get(condition["field"], "")).strip().lower() == str(condition.get("equals", "")).lower()
    )


def field_label(definition: dict, key: str) -> str:
    for field in all_fields(definition):
        if field["key"] == key:
            return field["label"]
    for slot in slots(definition):
        if slot.key == key:
            return slot.label
    return key


# --- Values -----------------------------------------------------------------------------------


def display_value(field: dict, raw) -> str:
    """An answer as a person reads it: dates in French words, yes/no capitalised; else as typed."""
    if raw in (None, ""):
        return ""
    if field["type"] == "date":
        try:
            return date_format(datetime.date.fromisoformat(str(raw)), "j F Y")
        except ValueError:
            return str(raw)
    if field["type"] == "yesno":
        return {"oui": _("Oui"), "non": _("Non")}.get(raw, str(raw))
    return str(raw)


def parse_number(raw: str) -> Decimal:
    cleaned = re.sub(r"[\s\u00a0\u202f€]", "", raw or "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise forms.ValidationError(_("Écrivez un nombre, par exemple 1200 ou 1 200,50.")) from exc
    if not value.is_finite() or abs(value) >= Decimal("1e12"):
        raise forms.ValidationError(_("Ce nombre n'est pas plausible. Vérifiez la saisie."))
    return value


def parse_iban(raw: str) -> str:
    try:
        return IBAN(raw or "").formatted
    except SchwiftyException as exc:
        raise forms.ValidationError(
            _(
                "Cet IBAN n'est pas valide. Recopiez-le depuis votre RIB, par exemple FR76 3000 6000 0112 3456 7890 189."
            )
        ) from exc


class NumberField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        parse_number(value)
        return value


class IbanField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        return parse_iban(value)


class FrenchDateField(forms.DateField):
    input_formats = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
    default_error_messages = {"invalid": gettext_lazy("Écrivez une date réelle, par exemple 14/07/1985.")}

    def clean(self, value):
        cleaned = super().clean(value)
        if cleaned and not (datetime.date(1900, 1, 1) <= cleaned <= datetime.date(2100, 12, 31)):
            raise forms.ValidationError(_("Cette date n'est pas plausible. Vérifiez l'année."))
        return cleaned.isoformat() if cleaned else ""


def _form_field(field: dict) -> forms.Field:
    common = {
        "label": field["label"],
        "help_text": field.get("help", ""),
        "required": bool(field.get("required")),
    }
    kind = field["type"]
    if kind == "text":
        return forms.CharField(max_length=int(field.get("max_length", 500)), **common)
    if kind == "textarea":
        return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 5}), **common)
    if kind == "number":
        return NumberField(max_length=40, widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common)
    if kind == "date":
        return FrenchDateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **common)
    if kind == "choice":
        choices = [(c, c) for c in field["choices"]]
        widget = forms.RadioSelect if len(choices) <= 5 else forms.Select
        if widget is forms.Select:
            choices = [("", _("— Choisir —")), *choices]
        return forms.ChoiceField(choices=choices, widget=widget, **common)
    if kind == "yesno":
        return forms.ChoiceField(
            choices=[("oui", _("Oui")), ("non", _("Non"))], widget=forms.RadioSelect, **common
        )
    if kind == "address":
        return forms.CharField(max_length=500, widget=forms.Textarea(attrs={"rows": 3}), **common)
    if kind == "iban":
        return IbanField(max_length=50, **common)
    if kind == "email":
        return forms.EmailField(max_length=254, **common)
    if kind == "phone":
        return forms.CharField(max_length=30, widget=forms.TextInput(attrs={"type": "tel"}), **common)
    raise InvalidInput(_("Type de champ inconnu : %s.") % kind)


def build_section_form(definition: dict, section_key: str, answers: dict, *, data=None, only=None):
    """A form for the visible fields of one section, pre-filled with the saved answers.

    Drafts are saved from the raw values (`raw_values`) without this form; it validates when the
    person continues, submits or corrects. `only`: the field keys a correction request names.
    """
    current = section(definition, section_key)
    if current is None:
        raise InvalidInput(_("Cette section n'existe pas dans la démarche."))
    fields = {}
    for field in current.get("fields", []):
        if field["type"] == "file" or not is_visible(field, answers):
            continue
        if only is not None and field["key"] not in only:
            continue
        fields[field["key"]] = _form_field(field)
    form_class = type("SectionForm", (GuichetForm,), fields)
    form = form_class(data=data, initial=answers)
    return form


def build_correction_form(
    definition: dict, answers: dict, *, fields: set[str], slots: set[str], data=None, files=None, channels=()
):
    """One form for a correction: the requested fields (as the person sees them, in the procedure's
    order), a file input per requested piece, and, when staff record it, how it reached the service.

    One form, so one error summary; the answers are saved from the raw values before it validates."""
    form_fields = {}
    if channels:
        form_fields["received_through"] = forms.ChoiceField(
            label=_("Comment ces éléments sont-ils arrivés ?"),
            choices=list(channels),
            widget=forms.RadioSelect,
        )
    for current in sections(definition):
        for field in current.get("fields", []):
            if field["key"] in fields and field["type"] != "file" and is_visible(field, answers):
                form_fields[field["key"]] = _form_field(field)
    for slot in slots_of(definition, slots):
        form_fields[f"piece-{slot.key}"] = forms.FileField(
            label=_("Nouveau fichier pour « %(label)s » (%(max)d Mo au plus)")
            % {"label": slot.label, "max": slot.max_size_mb},
            help_text=slot.why,
            required=False,
            widget=forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        )
    form_class = type("CorrectionForm", (GuichetForm,), form_fields)
    return form_class(data=data, files=files, initial=answers)


def slots_of(definition: dict, keys: set[str]) -> list[Slot]:
    return [slot for slot in slots(definition) if slot.key in keys]


def raw_values(definition: dict, section_key: str, post) -> dict:
    """The section's values exactly as typed, to save them even when invalid."""
    current = section(definition, section_key) or {}
    return {
        field["key"]: post.get(field["key"], "").strip()
        for field in current.get("fields", [])
        if field["type"] != "file" and field["key"] in post
    }


def missing_or_invalid(definition: dict, answers: dict) -> list[tuple[str, str, str]]:
    """Every problem that prevents submission: (section key, field label, French message)."""
    problems = []
    for current in sections(definition):
        form = build_section_form(definition, current["key"], answers, data=answers)
        if not form.is_valid():
            for key, errors in form.errors.items():
                problems.append((current["key"], form.fields[key].label, errors[0]))
    return problems
