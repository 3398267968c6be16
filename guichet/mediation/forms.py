import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guichet.core.channels import Channel
from guichet.core.exceptions import InvalidInput
from guichet.core.forms import GuichetForm
from guichet.mediation import diagnostic as diag
from guichet.mediation.models import MAX_SESSION_MINUTES, NOTE_MAX_LENGTH, Outcome
from guichet.mediation.reports import Period
from guichet.procedures.models import Category

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class _OrganisationChoice:
    """Adds an organisation field only when the aidant belongs to several."""

    def _add_organisation_field(self, organisations):
        self.organisations = list(organisations)
        if len(self.organisations) > 1:
            self.fields["organisation"] = forms.ChoiceField(
                label=_("Pour quelle organisation ?"),
                choices=[(str(o.pk), o.name) for o in self.organisations],
            )

    def chosen_organisation(self):
        if len(self.organisations) == 1:
            return self.organisations[0]
        wanted = self.cleaned_data.get("organisation")
        return next(o for o in self.organisations if str(o.pk) == wanted)


class RegisterPersonForm(_OrganisationChoice, GuichetForm):
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    birth_date = forms.DateField(
        label=_("Date de naissance"),
        help_text=_("Pour ne pas confondre deux personnes du même nom. Par exemple : 04/05/1948"),
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
    )
    phone = forms.CharField(
        label=_("Téléphone mobile"),
        required=False,
        max_length=30,
        help_text=_("Par exemple : 06 12 34 56 78. Aucune adresse électronique n'est demandée."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self._add_organisation_field(organisations)


class SessionForm(_OrganisationChoice, GuichetForm):
    happened_on = forms.DateField(
        label=_("Date de l'accompagnement"), widget=DATE_WIDGET, input_formats=DATE_FORMATS
    )
    themes = forms.MultipleChoiceField(
        label=_("Thèmes abordés"),
        help_text=_("Cochez un ou plusieurs thèmes."),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    channel = forms.ChoiceField(
        label=_("Comment la personne a-t-elle été aidée ?"),
        choices=Channel.choices,
        widget=forms.RadioSelect,
        initial=Channel.COUNTER,
    )
    minutes = forms.IntegerField(
        label=_("Temps passé, en minutes"),
        min_value=1,
        max_value=MAX_SESSION_MINUTES,
        help_text=_("Par exemple : 30 pour une demi-heure."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    outcome = forms.ChoiceField(label=_("Résultat"), choices=Outcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note courte"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        help_text=_(
            "%(max)s caractères au plus. Ce qui aidera la prochaine fois ; "
            "pas de santé, pas d'opinion, pas de numéro de dossier."
        )
        % {"max": NOTE_MAX_LENGTH},
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organisations=(), places=(), **kwargs):
        kwargs.setdefault("initial", {}).setdefault("happened_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self._add_organisation_field(organisations)
        if places:
            self.fields["place"] = forms.ChoiceField(
                label=_("Où ?"),
                choices=[("", _("— lieu non précisé —"))] + [(str(p.pk), p.nom) for p in places],
                required=False,
            )


class DiagnosticForm(_OrganisationChoice, GuichetForm):
    """One question per field, built from `diagnostic.QUESTIONS`; every question is required."""

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        for question in diag.QUESTIONS:
            self.fields[question["key"]] = forms.ChoiceField(
                label=question["label"],
                help_text=question["help"],
                choices=[(value, label) for value, label, _points in question["choices"]],
                widget=forms.RadioSelect,
                error_messages={"required": _("Choisissez la réponse qui correspond le mieux.")},
            )
        self._add_organisation_field(organisations)

    def groups(self):
        return [
            {
                "code": autonomy,
                "label": diag.Autonomy.LABELS[autonomy],
                "help": diag.Autonomy.HELP[autonomy],
                "fields": [self[q["key"]] for q in diag.questions_for(autonomy)],
            }
            for autonomy in diag.Autonomy.ALL
        ]

    def answers(self) -> dict[str, str]:
        return {q["key"]: self.cleaned_data[q["key"]] for q in diag.QUESTIONS}


class ReportFilterForm(GuichetForm):
    """A month, or custom dates; optionally one aidant. Read from the query string."""

    mois = forms.CharField(
        label=_("Mois"),
        required=False,
        help_text=_("Par exemple : 2026-11"),
        widget=forms.TextInput(attrs={"type": "month"}),
    )
    du = forms.DateField(
        label=_("Ou bien : premier jour"),
        help_text=_("Pour une période sur mesure, à la place du mois."),
        required=False,
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
    )
    au = forms.DateField(
        label=_("Dernier jour"), required=False, widget=DATE_WIDGET, input_formats=DATE_FORMATS
    )
    aidant = forms.ChoiceField(label=_("Aidant"), required=False)

    def __init__(self, *args, aidants=(), **kwargs):
        super().__init__(*args, **kwargs)
        if aidants:
            self.fields["aidant"].choices = [("", _("Tous les aidants"))] + [
                (str(a.pk), str(a)) for a in aidants
            ]
        else:
            del self.fields["aidant"]

    def clean_mois(self):
        value = self.cleaned_data["mois"].strip()
        if not value:
            return None
        try:
            return datetime.datetime.strptime(value, "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError(
                _("Écrivez le mois sous la forme AAAA-MM, par exemple 2026-11.")
            ) from None

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("du"), cleaned.get("au")
        if bool(start) != bool(end):
            raise forms.ValidationError(_("Indiquez les deux dates, ou aucune pour choisir un mois."))
        if start and end:
            try:
                Period.between(start, end)
            except InvalidInput as exc:
                raise forms.ValidationError(exc.message) from exc
        return cleaned
