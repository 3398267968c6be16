from django import forms
from django.utils.translation import gettext_lazy as _


class BookingForm(forms.Form):
    """Who is expected, and how to reach them: no account, no email needed."""

    nom = forms.CharField(label=_("Votre nom et prénom"), max_length=200)
    telephone = forms.CharField(
        label=_("Numéro de téléphone portable (facultatif)"),
        help_text=_("Pour recevoir la confirmation et un rappel par SMS. Exemple : 06 12 34 56 78."),
        max_length=40,
        required=False,
    )
    adresse = forms.CharField(
        label=_("Adresse postale (si vous n'avez pas de portable)"),
        help_text=_("Pour recevoir la confirmation par courrier."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
        required=False,
    )
    courriel = forms.EmailField(label=_("Adresse électronique (facultatif)"), required=False)
    jeton = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        if not (data.get("telephone") or data.get("adresse") or data.get("courriel")):
            raise forms.ValidationError(
                _("Indiquez un numéro de téléphone portable ou une adresse postale, pour être prévenu.")
            )
        return data


class FindBookingForm(forms.Form):
    reference = forms.CharField(
        label=_("Référence du rendez-vous"), help_text=_("Exemple : RDV-ABCD2345"), max_length=20
    )
    code = forms.CharField(label=_("Code"), help_text=_("Exemple : ABCD-EFGH-JKMN"), max_length=20)
