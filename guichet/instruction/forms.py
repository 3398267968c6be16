from django import forms
from django.utils.translation import gettext_lazy as _

from guichet.core.forms import GuichetForm
from guichet.instruction.conditions import OPERATORS
from guichet.instruction.models import Label, RoutingRule

RULE_LINES = 3


class GroupForm(GuichetForm):
    label = forms.CharField(label=_("Nom du groupe"), max_length=120)
    contact_email = forms.EmailField(
        label=_("Adresse électronique du groupe"),
        required=False,
        help_text=_("Montrée à la personne dont le dossier est instruit par ce groupe."),
    )
    contact_phone = forms.CharField(label=_("Téléphone du groupe"), max_length=30, required=False)
    contact_address = forms.CharField(
        label=_("Adresse du groupe"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    closed = forms.BooleanField(
        label=_("Groupe fermé"),
        required=False,
        help_text=_("Un groupe fermé ne reçoit plus de nouveaux dossiers ; il garde ceux qu'il a."),
    )
    members_manage = forms.BooleanField(
        label=_("Les membres du groupe gèrent eux-mêmes ses membres et ses coordonnées"), required=False
    )


class MemberForm(GuichetForm):
    agent = forms.ChoiceField(label=_("Agent à ajouter au groupe"))

    def __init__(self, *args, agents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].choices = [("", _("Choisir un agent"))] + [
            (str(user.pk), user.get_full_name() or user.get_username()) for user in agents
        ]


class RuleForm(GuichetForm):
    """A rule in plain words: « si [question] [est égal à] [valeur] … alors groupe ». Three condition lines;
    an empty line is ignored."""

    group = forms.ChoiceField(label=_("Envoyer au groupe"))
    combinator = forms.ChoiceField(
        label=_("Quand"), choices=RoutingRule.Combinator.choices, initial=RoutingRule.Combinator.ALL
    )

    def __init__(self, *args, groups=(), fields=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [(str(g.pk), g.label) for g in groups]
        field_choices = [("", _("Choisir une question"))] + list(fields)
        operator_choices = [("", _("Choisir"))] + [(key, label) for key, label in OPERATORS.items()]
        for line in range(1, RULE_LINES + 1):
            self.fields[f"field_{line}"] = forms.ChoiceField(
                label=_("Condition %(n)s : la réponse à") % {"n": line}, choices=field_choices, required=False
            )
            self.fields[f"operator_{line}"] = forms.ChoiceField(
                label=_("Condition %(n)s : comparaison") % {"n": line},
                choices=operator_choices,
                required=False,
            )
            self.fields[f"value_{line}"] = forms.CharField(
                label=_("Condition %(n)s : valeur") % {"n": line},
                required=False,
                max_length=2000,
                help_text=_(
                    "Plusieurs valeurs séparées par des virgules. Commune : son code INSEE (47323). "
                    "Département : 47, 2A, 971."
                )
                if line == 1
                else "",
            )

    def conditions(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "field": data.get(f"field_{line}", ""),
                "operator": data.get(f"operator_{line}", ""),
                "value": data.get(f"value_{line}", ""),
            }
            for line in range(1, RULE_LINES + 1)
        ]


class ReplyTemplateForm(GuichetForm):
    title = forms.CharField(label=_("Titre (pour les agents)"), max_length=80)
    body = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Envoyé par courriel, par courrier, ou lu sur la page de suivi."),
    )  # fmt: skip
    sms_body = forms.CharField(
        label=_("Version SMS"), max_length=320, required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("320 caractères au plus (deux SMS), pour les personnes prévenues par SMS."),
    )  # fmt: skip


class MoveForm(GuichetForm):
    group = forms.ChoiceField(label=_("Déplacer vers le groupe"))
    reason = forms.CharField(
        label=_("Pourquoi (le groupe qui reçoit le dossier le lira)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": _("Dites pourquoi vous déplacez ce dossier : le groupe qui le reçoit le lira.")
        },
    )
    current = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [(str(g.pk), g.label) for g in groups]


class InternalMessageForm(GuichetForm):
    body = forms.CharField(
        label=_("Message aux collègues (la personne ne le voit pas)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Le message aux collègues est vide.")},
    )


class LabelsForm(GuichetForm):
    labels = forms.MultipleChoiceField(
        label=_("Étiquettes du dossier"), required=False, widget=forms.CheckboxSelectMultiple
    )
    new_name = forms.CharField(label=_("Nouvelle étiquette"), max_length=40, required=False)
    new_colour = forms.ChoiceField(label=_("Sa couleur"), choices=Label.Colour.choices, required=False)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["labels"].choices = [(str(label.pk), label.name) for label in choices]


class ForwardForm(GuichetForm):
    colleague = forms.ChoiceField(label=_("Transmettre à"))
    keep_following = forms.BooleanField(label=_("Je continue à suivre ce dossier"), required=False)

    def __init__(self, *args, colleagues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colleague"].choices = [("", _("Choisir un collègue"))] + [
            (str(user.pk), user.get_full_name() or user.get_username()) for user in colleagues
        ]
