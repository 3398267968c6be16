from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guichet.core.forms import GuichetForm
from guichet.screening.models import ContactAction


def current_month() -> str:
    return timezone.localdate().strftime("%Y-%m")


class CaseloadUploadForm(GuichetForm):
    file = forms.FileField(
        label=_("Fichier des foyers (CSV ou Parquet)"),
        help_text=_(
            "Une personne par ligne, avec au moins les colonnes household_id, role, date_naissance et depcom. "
            "CSV en UTF-8 ou au format d'Excel (Windows-1252), séparé par des virgules ou des points-virgules."
        ),
    )
    period = forms.CharField(
        label=_("Mois simulé"),
        max_length=7,
        help_text=_("Au format AAAA-MM, par exemple 2026-01."),
        initial=current_month,
    )


class ContactForm(GuichetForm):
    kind = forms.ChoiceField(
        label=_("Comment contacter ce foyer ?"), choices=ContactAction.Kind.choices, widget=forms.RadioSelect
    )
    recipient = forms.CharField(
        label=_("Adresse postale ou numéro de mobile"),
        required=False,
        max_length=500,
        help_text=_("Courrier : l'adresse sur plusieurs lignes. SMS : le numéro. Rendez-vous : facultatif."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    message = forms.CharField(
        label=_("Message"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 8})
    )
