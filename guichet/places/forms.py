from django import forms
from django.utils.translation import gettext_lazy as _

from guichet.core.forms import GuichetForm
from guichet.places import schema
from guichet.places.hours import DAYS
from guichet.places.models import Referral


class SearchForm(GuichetForm):
    lieu = forms.CharField(
        label=_("Code postal ou commune"),
        max_length=100,
        help_text=_("Par exemple 47300, ou Villeneuve-sur-Lot"),
        error_messages={"required": _("Indiquez un code postal ou une commune.")},
    )
    distance = forms.TypedChoiceField(
        label=_("Jusqu'à quelle distance ?"),
        choices=[(5, _("5 km")), (10, _("10 km")), (20, _("20 km")), (50, _("50 km"))],
        coerce=int,
        initial=20,
        required=False,
        empty_value=20,
    )
    service = forms.ChoiceField(label=_("Pour quoi ?"), required=False)
    accompagnement = forms.ChoiceField(label=_("Un accueil adapté"), required=False)
    public = forms.ChoiceField(label=_("Pour qui ?"), required=False)
    ouvert = forms.BooleanField(label=_("Ouvert maintenant"), required=False)
    gratuit = forms.BooleanField(label=_("Gratuit"), required=False)
    sans_rdv = forms.BooleanField(label=_("Sans rendez-vous (on peut se présenter)"), required=False)
    jour = forms.TypedChoiceField(
        label=_("Ouvert quel jour ?"),
        choices=[("", _("Peu importe"))] + [(str(i), day.capitalize()) for i, day in enumerate(DAYS)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    heure = forms.TimeField(
        label=_("À quelle heure ?"),
        required=False,
        help_text=_("Par exemple 14:30"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", _("Toutes les aides"))] + [
            (v, v) for v in schema.vocabulary("services")
        ]
        self.fields["accompagnement"].choices = [("", _("Sans préférence"))] + [
            (v, v) for v in schema.vocabulary("prise_en_charge_specifique")
        ]
        self.fields["public"].choices = [("", _("Tout le monde"))] + [
            (v, v) for v in schema.vocabulary("publics_specifiquement_adresses")
        ]

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("jour") is None) != (cleaned.get("heure") is None):
            self.add_error("heure", _("Choisissez le jour et l'heure, ou ni l'un ni l'autre."))
        return cleaned


class ImportForm(GuichetForm):
    fichier = forms.FileField(
        label=_("Fichier de lieux (CSV ou JSON)"),
        help_text=_("Au standard de la médiation numérique (LaMednum v1.0.2). 50 Mo au plus."),
    )
    source = forms.CharField(
        label=_("Nom de la source"),
        max_length=100,
        help_text=_(
            "Par exemple « cartographie-nationale-2026 ». Réimporter avec la même source met à jour."
        ),
    )
    organisation = forms.ChoiceField(label=_("Ces lieux sont tenus par"), required=False)
    essai = forms.BooleanField(label=_("Vérifier seulement, sans rien enregistrer"), required=False)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", _("— aucune de mes structures —"))] + [
            (str(o.pk), o.name) for o in organisations
        ]


class ReferralForm(GuichetForm):
    person_name = forms.CharField(label=_("Nom et prénom de la personne"), max_length=200)
    need = forms.ChoiceField(label=_("Pour quoi l'orientez-vous ?"))
    notify_by = forms.ChoiceField(
        label=_("Comment la personne reçoit l'adresse et les horaires ?"),
        choices=Referral.NotifyBy.choices,
        widget=forms.RadioSelect,
    )
    contact = forms.CharField(
        label=_("Son mobile, son adresse électronique ou son adresse postale"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Selon le moyen choisi. Rien à écrire pour une feuille remise en main propre."),
    )
    shared_note = forms.CharField(
        label=_("Ce que le lieu doit savoir, et ce que la personne doit apporter"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Seulement ce qui est utile au lieu. Pas d'information de santé sans nécessité."),
    )
    consent = forms.BooleanField(
        label=_(
            "La personne est d'accord pour être orientée vers ce lieu et pour que ces informations lui soient transmises."
        ),
        error_messages={"required": _("Sans l'accord de la personne, on ne l'oriente pas.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["need"].choices = [(v, v) for v in schema.vocabulary("services")]


class PlaceForm(GuichetForm):
    """The fields a responsable edits, with the standard's vocabularies as choices."""

    nom = forms.CharField(label=_("Nom du lieu"), max_length=300)
    adresse = forms.CharField(label=_("Adresse"), max_length=300)
    complement_adresse = forms.CharField(label=_("Complément d'adresse"), max_length=300, required=False)
    code_postal = forms.CharField(label=_("Code postal"), max_length=5)
    commune = forms.CharField(label=_("Commune"), max_length=200)
    telephone = forms.CharField(
        label=_("Téléphone"), max_length=20, required=False, help_text=_("Au format +33553000001")
    )
    horaires = forms.CharField(
        label=_("Horaires (format OpenStreetMap)"),
        max_length=500,
        required=False,
        help_text=_("Par exemple : Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00"),
    )
    presentation_resume = forms.CharField(
        label=_("Présentation courte"),
        max_length=280,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    services = forms.MultipleChoiceField(
        label=_("Services"), required=False, widget=forms.CheckboxSelectMultiple
    )
    prise_en_charge_specifique = forms.MultipleChoiceField(
        label=_("Accueil adapté"), required=False, widget=forms.CheckboxSelectMultiple
    )
    frais_a_charge = forms.MultipleChoiceField(
        label=_("Prix"), required=False, widget=forms.CheckboxSelectMultiple
    )
    modalites_acces = forms.MultipleChoiceField(
        label=_("Comment venir"), required=False, widget=forms.CheckboxSelectMultiple
    )
    fiche_acces_libre = forms.URLField(
        label=_("Fiche Accès Libre (adresse)"), required=False, assume_scheme="https"
    )
    has_aidants = forms.BooleanField(label=_("Des aidants habilités y reçoivent"), required=False)
    step_free = forms.NullBooleanField(label=_("Accès de plain-pied"), required=False)
    hearing_loop = forms.NullBooleanField(label=_("Boucle magnétique"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("services", "prise_en_charge_specifique", "frais_a_charge", "modalites_acces"):
            self.fields[name].choices = [(v, v) for v in schema.vocabulary(name)]
