from django import forms
from django.utils.translation import gettext_lazy as _

from guichet.core.forms import GuichetForm


class BookingForm(GuichetForm):
    """Who is expected, and how to reach them: no account, no email needed."""

    nom = forms.CharField(label=_("Votre nom et prénom"), max_length=200)
    telephone = forms.CharField(
        label=_("Numéro de téléphone portable"),
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
    courriel = forms.EmailField(label=_("Adresse électronique"), required=False)
    jeton = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        if not (data.get("telephone") or data.get("adresse") or data.get("courriel")):
            raise forms.ValidationError(
                _("Indiquez un numéro de téléphone portable ou une adresse postale, pour être prévenu.")
            )
        return data


class FindBookingForm(GuichetForm):
    reference = forms.CharField(
        label=_("Référence du rendez-vous"), help_text=_("Exemple : RDV-ABCD2345"), max_length=20
    )
    code = forms.CharField(label=_("Code"), help_text=_("Exemple : ABCD-EFGH-JKMN"), max_length=20)


class DrawRequestForm(BookingForm):
    """A request in a fair-mode window: the birth date makes « one request per person » hold."""

    date_naissance = forms.DateField(
        label=_("Date de naissance"),
        help_text=_("Exemple : 14/02/1988. Elle sert à vérifier qu'une personne ne fait qu'une demande."),
        input_formats=["%d/%m/%Y", "%Y-%m-%d", "%d %m %Y"],
    )
    altcha = forms.CharField(widget=forms.HiddenInput, required=False)

    field_order = ["nom", "date_naissance", "telephone", "adresse", "courriel", "jeton", "altcha"]


def parse_start(request):
    """The slot start a page was given (`debut`, ISO 8601 with its offset), or None when it is missing,
    malformed, impossible (30 February) or without a time zone."""
    from django.utils import timezone
    from django.utils.dateparse import parse_datetime

    text = (request.POST.get("debut") or request.GET.get("debut") or "")[:40]
    try:
        start = parse_datetime(text)
    except ValueError:
        return None
    if start is None or timezone.is_naive(start):
        return None
    return start
