from django import forms
from django.utils.translation import gettext_lazy as _

from guichet.core.forms import GuichetForm
from guichet.places import schema


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
    ouvert = forms.BooleanField(label=_("Ouvert maintenant"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].choices = [("", _("Toutes les aides"))] + [
            (v, v) for v in schema.vocabulary("services")
        ]
        self.fields["accompagnement"].choices = [("", _("Sans préférence"))] + [
            (v, v) for v in schema.vocabulary("prise_en_charge_specifique")
        ]
