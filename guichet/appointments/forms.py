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


class MotifForm(GuichetForm):
    label = forms.CharField(label=_("Motif, tel que la personne le lit"), max_length=200)
    duration_minutes = forms.IntegerField(label=_("Durée (minutes)"), min_value=5, max_value=480, initial=30)
    modality = forms.ChoiceField(
        label=_("Modalité"),
        choices=[
            ("sur_place", _("Sur place")),
            ("telephone", _("Par téléphone")),
            ("domicile", _("À domicile")),
        ],
    )
    documents_to_bring = forms.CharField(
        label=_("Documents à apporter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )
    capacity = forms.IntegerField(
        label=_("Personnes reçues par créneau"), min_value=1, max_value=50, initial=1
    )
    booking_horizon_days = forms.IntegerField(
        label=_("Réservable jusqu'à (jours à l'avance)"), min_value=1, max_value=180, initial=28
    )
    min_notice_hours = forms.IntegerField(
        label=_("Délai minimal (heures)"), min_value=0, max_value=168, initial=2
    )
    bookable_online = forms.BooleanField(
        label=_("La personne peut réserver en ligne"), required=False, initial=True
    )
    bookable_by_agent = forms.BooleanField(
        label=_("Un agent peut réserver pour quelqu'un"), required=False, initial=True
    )
    bookable_by_aidant = forms.BooleanField(
        label=_("Un aidant peut réserver sous mandat"), required=False, initial=True
    )
    bookable_by_prescriber = forms.BooleanField(
        label=_("Un prescripteur d'une autre structure peut réserver"), required=False, initial=True
    )
    fair_mode = forms.BooleanField(
        label=_("Mode équitable : places rares, attribuées par tirage au sort"), required=False
    )
    active = forms.BooleanField(label=_("Proposé"), required=False, initial=True)


WEEKDAYS = [(0, _("lundi")), (1, _("mardi")), (2, _("mercredi")), (3, _("jeudi")), (4, _("vendredi")),
            (5, _("samedi")), (6, _("dimanche"))]  # fmt: skip


class OpeningForm(GuichetForm):
    weekday = forms.TypedChoiceField(label=_("Jour"), choices=WEEKDAYS, coerce=int)
    starts = forms.TimeField(label=_("De"), help_text=_("Exemple : 09:00"))
    ends = forms.TimeField(label=_("À"), help_text=_("Exemple : 12:00"))
    valid_from = forms.DateField(
        label=_("À partir du"), help_text=_("Exemple : 04/01/2027"), input_formats=["%d/%m/%Y", "%Y-%m-%d"]
    )
    valid_until = forms.DateField(
        label=_("Jusqu'au"),
        required=False,
        help_text=_("Vide : sans fin"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )


class ClosedDayForm(GuichetForm):
    day = forms.DateField(
        label=_("Jour de fermeture"),
        help_text=_("Exemple : 24/12/2026"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )
    reason = forms.CharField(label=_("Raison"), required=False, max_length=200)


class WindowForm(GuichetForm):
    opens_at = forms.DateTimeField(label=_("Ouverture des demandes"), help_text=_("Exemple : 04/01/2027 09:00"),
                                   input_formats=["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M"])  # fmt: skip
    closes_at = forms.DateTimeField(label=_("Tirage au sort"), help_text=_("Exemple : 11/01/2027 09:00"),
                                    input_formats=["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M"])  # fmt: skip
    slots_from = forms.DateField(label=_("Créneaux tirés du"), input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    slots_until = forms.DateField(label=_("au"), input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    offline_percent = forms.IntegerField(
        label=_("Part des places gardées aux demandes par téléphone, au guichet ou avec un aidant (%)"),
        min_value=0, max_value=100, initial=25,
    )  # fmt: skip
