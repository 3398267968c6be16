from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guichet.core.channels import Channel
from guichet.core.delays import DelayUnit
from guichet.core.forms import GuichetForm
from guichet.procedures.models import Category, ImplicitDecision, NotifyBy


class ContactForm(GuichetForm):
    contact_name = forms.CharField(label=_("Nom et prénom de la personne concernée"), max_length=200)
    notify_by = forms.ChoiceField(
        label=_("Comment voulez-vous être prévenu des nouvelles de votre dossier ?"),
        choices=NotifyBy.choices,
        widget=forms.RadioSelect,
    )
    contact_email = forms.CharField(
        label=_("Adresse électronique"),
        required=False,
        max_length=254,
        help_text=_("Facultatif. Par exemple : nom@exemple.fr"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_phone = forms.CharField(
        label=_("Téléphone mobile"),
        required=False,
        max_length=30,
        help_text=_("Facultatif. Par exemple : 06 12 34 56 78"),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    contact_address = forms.CharField(
        label=_("Adresse postale"),
        required=False,
        max_length=500,
        help_text=_("Facultatif. Sur plusieurs lignes : numéro et rue, puis code postal et ville."),
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
    )


class FollowupForm(GuichetForm):
    number = forms.CharField(
        label=_("Numéro de dossier"), max_length=20, help_text=_("Par exemple : 2026-K7M3QX")
    )
    code = forms.CharField(
        label=_("Code de suivi"),
        max_length=20,
        help_text=_("Les 12 caractères de votre fiche de suivi, par exemple ABCD-EFGH-JKLM"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class MessageForm(GuichetForm):
    body = forms.CharField(
        label=_("Votre message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class AgentMessageForm(MessageForm):
    body = forms.CharField(
        label=_("Message à la personne"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    awaiting_reply = forms.BooleanField(
        label=_("J'attends sa réponse"),
        required=False,
        help_text=_(
            "Le dossier est marqué « réponse attendue » dans la liste jusqu'à ce que la personne réponde."
        ),
    )


class UploadForm(GuichetForm):
    file = forms.FileField(label=_("Fichier"))


class CounterRequestForm(GuichetForm):
    procedure = forms.ChoiceField(label=_("Démarche"))
    channel = forms.ChoiceField(
        label=_("Comment la demande est-elle arrivée ?"),
        choices=[(c.value, c.label) for c in Channel.agent_entered()],
        widget=forms.RadioSelect,
    )
    received_on = forms.DateField(
        label=_("Date de réception"),
        help_text=_(
            "Pour un courrier : la date d'arrivée du pli, qui fait courir les délais, pas la date de saisie."
        ),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    contact_name = forms.CharField(label=_("Nom et prénom de la personne"), max_length=200)

    def __init__(self, *args, procedures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure"].choices = [("", _("— Choisir —"))] + [
            (str(p.pk), p.title) for p in procedures
        ]

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("La date de réception ne peut pas être dans le futur."))
        return value


class CorrectionRequestForm(GuichetForm):
    fields_to_fix = forms.MultipleChoiceField(
        label=_("Champs à corriger"), required=False, widget=forms.CheckboxSelectMultiple
    )
    documents = forms.MultipleChoiceField(
        label=_("Pièces à fournir"), required=False, widget=forms.CheckboxSelectMultiple
    )
    message = forms.CharField(
        label=_("Explication pour la personne"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, field_choices=(), document_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fields_to_fix"].choices = field_choices
        self.fields["documents"].choices = document_choices


class DecisionForm(GuichetForm):
    decision = forms.ChoiceField(
        label=_("Décision"),
        choices=[("accept", _("Accepter")), ("refuse", _("Refuser")), ("close", _("Classer sans suite"))],
        widget=forms.RadioSelect,
    )
    motive = forms.CharField(
        label=_("Motif, tel que la personne le lira"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RecordedMessageForm(GuichetForm):
    channel = forms.ChoiceField(
        label=_("La personne s'est adressée au service"),
        choices=[("phone", _("par téléphone")), ("mail", _("par courrier")), ("counter", _("au guichet"))],
        widget=forms.RadioSelect,
    )
    received_on = forms.DateField(
        label=_("Reçu le"),
        help_text=_("Le jour de l'appel, ou la date d'arrivée du courrier."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            "invalid": _("Écrivez la date sous la forme 31/12/2026."),
            "required": _("Indiquez la date."),
        },
    )
    body = forms.CharField(
        label=_("Ce que dit la personne"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Écrivez ce que dit la personne.")},
    )


class ReopenForm(GuichetForm):
    motive = forms.CharField(
        label=_("Pourquoi rouvrir ce dossier (la personne lira ce motif)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Dites pourquoi le dossier est rouvert : la personne lira ce motif.")},
    )
    at_persons_request = forms.BooleanField(
        label=_("À la demande de la personne"),
        required=False,
        help_text=_("Un accord de plus de quatre mois ne peut être retiré qu'à sa demande."),
    )


class SendBackForm(GuichetForm):
    motive = forms.CharField(
        label=_("Pourquoi le dossier repasse à « déposé » (la personne le lira dans son historique)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Dites pourquoi le dossier repasse à l'état « déposé ».")},
    )


class OutageForm(GuichetForm):
    started_at = forms.DateTimeField(
        label=_("Début de l'interruption"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )
    ended_at = forms.DateTimeField(
        label=_("Fin de l'interruption"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )
    description = forms.CharField(
        label=_("Ce qui ne fonctionnait pas"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ProcedureCreateForm(GuichetForm):
    title = forms.CharField(label=_("Intitulé de la démarche"), max_length=200)
    summary = forms.CharField(
        label=_("Présentation en langage clair"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("À qui elle s'adresse et ce qu'elle apporte, en deux ou trois phrases."),
    )
    category = forms.ChoiceField(label=_("Thème"), choices=Category.choices)


class SectionForm(GuichetForm):
    title = forms.CharField(label=_("Titre de la nouvelle section"), max_length=120)


class FieldForm(GuichetForm):
    section = forms.ChoiceField(label=_("Section"))
    label = forms.CharField(label=_("Question, telle que la personne la lira"), max_length=200)
    type = forms.ChoiceField(label=_("Type de réponse"), choices=[])
    required = forms.BooleanField(label=_("Réponse obligatoire"), required=False)
    help_text = forms.CharField(
        label=_("Aide"), required=False, max_length=500, help_text=_("Une phrase qui aide à répondre.")
    )
    choices = forms.CharField(
        label=_("Réponses proposées (pour une liste de choix)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Une réponse par ligne."),
    )
    show_if_field = forms.ChoiceField(label=_("Afficher seulement si la question…"), required=False)
    show_if_value = forms.CharField(
        label=_("… a pour réponse"), required=False, max_length=120, help_text=_("Par exemple : oui")
    )

    def __init__(self, *args, sections=(), questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        from guichet.procedures.definition import FIELD_TYPES

        self.fields["section"].choices = list(sections)
        self.fields["type"].choices = [(key, label) for key, label in FIELD_TYPES.items() if key != "file"]
        self.fields["show_if_field"].choices = [("", _("— toujours afficher —")), *questions]


class DocumentForm(GuichetForm):
    label = forms.CharField(label=_("Pièce demandée"), max_length=200)
    why = forms.CharField(label=_("Pourquoi elle est nécessaire"), max_length=500)
    required = forms.BooleanField(label=_("Pièce obligatoire"), required=False)
    formats = forms.MultipleChoiceField(
        label=_("Formats acceptés"),
        choices=[("pdf", "PDF"), ("jpg", "JPEG"), ("png", "PNG")],
        widget=forms.CheckboxSelectMultiple,
        initial=["pdf", "jpg", "png"],
    )
    max_size_mb = forms.IntegerField(label=_("Taille maximale (Mo)"), min_value=1, max_value=20, initial=10)


class RulesForm(GuichetForm):
    instruction_delay = forms.IntegerField(
        label=_("Délai d'instruction"),
        min_value=1,
        max_value=365,
        help_text=_("Le nombre écrit dans le texte qui fixe le délai, par exemple 2 pour « deux mois »."),
    )
    instruction_unit = forms.ChoiceField(
        label=_("Unité du délai, comme dans le texte"), choices=DelayUnit.choices, widget=forms.RadioSelect
    )
    implicit_decision = forms.ChoiceField(
        label=_("Sans réponse dans ce délai…"), choices=ImplicitDecision.choices, widget=forms.RadioSelect
    )
    completion_days = forms.IntegerField(
        label=_("Délai laissé pour compléter un dossier (jours)"), min_value=1, max_value=365
    )


class QueueFilterForm(forms.Form):
    """The agent's queue filters, read from the query string: a value that means nothing is reported,
    never passed to the database."""

    demarche = forms.UUIDField(required=False, error_messages={"invalid": _("Cette démarche n'existe pas.")})
    etat = forms.ChoiceField(required=False, error_messages={"invalid_choice": _("Cet état n'existe pas.")})
    canal = forms.ChoiceField(
        required=False,
        choices=[("", ""), *Channel.choices],
        error_messages={"invalid_choice": _("Ce canal n'existe pas.")},
    )
    onglet = forms.ChoiceField(
        required=False,
        choices=[("", ""), ("a-suivre", ""), ("suivis", ""), ("echeance", ""), ("traites", ""), ("tous", "")],
        error_messages={"invalid_choice": _("Cet onglet n'existe pas : choisissez-en un dans la liste.")},
    )
    q = forms.CharField(required=False, max_length=50, strip=True)

    def __init__(self, *args, states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["etat"].choices = [("", ""), *states]
        self.fields["q"].error_messages["max_length"] = _("Cherchez avec 50 caractères au plus.")
