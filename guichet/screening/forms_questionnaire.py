"""The questionnaire's pages: one short form each, validated with French messages.

The answers are saved as typed before any validation (see services.questionnaire.save_page), so a
wrong value never makes the person type the others again.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guichet.core.forms import GuichetForm
from guichet.screening.household import PAYS_FOR_HOME, parse_disability_rate
from guichet.screening.selectors import normalise_commune

MAX_CHILDREN = 8
MAX_OTHERS = 4
YES_NO = [("oui", gettext_lazy("Oui")), ("non", gettext_lazy("Non"))]

ADULT_STATUSES = [
    ("salarie", gettext_lazy("En emploi (salarié ou à son compte)")),
    ("chomage", gettext_lazy("Demandeur d'emploi")),
    ("retraite", gettext_lazy("Retraité")),
    ("etudiant", gettext_lazy("Étudiant")),
    ("sans_activite", gettext_lazy("Sans activité (au foyer, en arrêt longue durée…)")),
]
CHILD_SCHOOLING = [
    ("", gettext_lazy("Pas encore au collège (ou ne va plus à l'école)")),
    ("college", gettext_lazy("Au collège")),
    ("lycee", gettext_lazy("Au lycée")),
]
OCCUPATION_STATUSES = [
    ("locataire_vide", gettext_lazy("Locataire d'un logement vide (non meublé)")),
    ("locataire_meuble", gettext_lazy("Locataire d'un logement meublé")),
    ("locataire_hlm", gettext_lazy("Locataire d'un logement social (HLM)")),
    (
        "locataire_foyer",
        gettext_lazy(
            "Logé dans un foyer ou une résidence (foyer de jeunes travailleurs, résidence sociale…)"
        ),
    ),
    ("accedant", gettext_lazy("J'achète mon logement et je rembourse un prêt")),
    ("proprietaire", gettext_lazy("Propriétaire, sans prêt à rembourser")),
    ("heberge_gratuit", gettext_lazy("Hébergé gratuitement (chez un proche…)")),
    ("sans_domicile", gettext_lazy("Sans domicile stable")),
]


def parse_amount(raw: str) -> Decimal:
    """A French amount: « 1 200,50 », « 1200.5 », « 1200 € »."""
    cleaned = re.sub(r"[\s\u00a0\u202f€]", "", raw or "").replace(",", ".")
    if not cleaned:
        return Decimal(0)
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise forms.ValidationError(_("Écrivez un montant en euros, par exemple 1200 ou 1 200,50.")) from exc
    if not value.is_finite() or value < 0:
        raise forms.ValidationError(_("Écrivez un montant positif, ou laissez vide (0 €)."))
    if value >= 1_000_000:
        raise forms.ValidationError(_("Ce montant n'est pas plausible. Vérifiez le nombre de zéros."))
    return value.quantize(Decimal("0.01"))


class AmountField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def clean(self, value):
        return parse_amount(super().clean(value))


class BirthDateField(forms.DateField):
    input_formats = ["%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y"]
    default_error_messages = {
        "invalid": gettext_lazy("Écrivez une date réelle au format JJ/MM/AAAA, par exemple 14/07/1985."),
        "required": gettext_lazy("Indiquez la date de naissance, par exemple 14/07/1985."),
    }

    def clean(self, value):
        born = super().clean(value)
        today = timezone.localdate()
        if born and born > today:
            raise forms.ValidationError(_("La date de naissance ne peut pas être dans le futur."))
        if born and born < datetime.date(today.year - 120, 1, 1):
            raise forms.ValidationError(_("Cette date n'est pas plausible. Vérifiez l'année."))
        return born


class HouseholdForm(GuichetForm):
    en_couple = forms.ChoiceField(
        label=gettext_lazy("Vivez-vous en couple ?"),
        help_text=gettext_lazy("Marié, pacsé ou en union libre, sous le même toit."),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Répondez oui ou non.")},
    )
    nb_enfants = forms.IntegerField(
        label=gettext_lazy("Combien d'enfants vivent avec vous et sont à votre charge ?"),
        help_text=gettext_lazy("Écrivez 0 s'il n'y en a pas."),
        min_value=0,
        max_value=MAX_CHILDREN,
        error_messages={
            "required": gettext_lazy("Indiquez un nombre d'enfants (0 s'il n'y en a pas)."),
            "invalid": gettext_lazy("Écrivez un nombre entier, par exemple 2."),
            "min_value": gettext_lazy("Le nombre d'enfants ne peut pas être négatif."),
            "max_value": gettext_lazy("Au-delà de 8 enfants, rapprochez-vous d'un conseiller de la CAF."),
        },
    )
    nb_autres = forms.IntegerField(
        label=gettext_lazy("Combien d'autres adultes vivent avec vous ?"),
        help_text=gettext_lazy("Un parent, un ami, un colocataire… Écrivez 0 s'il n'y en a pas."),
        min_value=0,
        max_value=MAX_OTHERS,
        error_messages={
            "required": gettext_lazy("Indiquez un nombre de personnes (0 s'il n'y en a pas)."),
            "invalid": gettext_lazy("Écrivez un nombre entier, par exemple 1."),
            "min_value": gettext_lazy("Le nombre de personnes ne peut pas être négatif."),
            "max_value": gettext_lazy("Ce simulateur compte au plus 4 autres adultes."),
        },
    )


class DisabilityField(forms.IntegerField):
    """A percentage: `0.8` (a fraction, as OpenFisca writes it) is refused with the way to write it."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        rate, error = parse_disability_rate(str(value))
        if error:
            raise forms.ValidationError(error[0].upper() + error[1:])
        return rate

    def __init__(self, **kwargs):
        super().__init__(
            label=gettext_lazy("Taux d'incapacité reconnu par la MDPH (en %)"),
            help_text=gettext_lazy("Laissez vide s'il n'y en a pas. Par exemple : 80."),
            required=False,
            min_value=0,
            max_value=100,
            error_messages={
                "invalid": gettext_lazy("Écrivez un pourcentage entier entre 0 et 100, par exemple 50."),
                "min_value": gettext_lazy("Le taux est compris entre 0 et 100."),
                "max_value": gettext_lazy("Le taux est compris entre 0 et 100."),
            },
            **kwargs,
        )


class AdultForm(GuichetForm):
    date_naissance = BirthDateField(label=gettext_lazy("Date de naissance"), help_text=_("JJ/MM/AAAA"))
    statut = forms.ChoiceField(
        label=gettext_lazy("Situation aujourd'hui"),
        choices=ADULT_STATUSES,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choisissez la situation qui correspond le mieux.")},
    )
    taux_incapacite = DisabilityField()


class ChildForm(GuichetForm):
    date_naissance = BirthDateField(label=gettext_lazy("Date de naissance"), help_text=_("JJ/MM/AAAA"))
    scolarite = forms.ChoiceField(
        label=gettext_lazy("École à la rentrée"),
        choices=CHILD_SCHOOLING,
        widget=forms.RadioSelect,
        required=False,
    )
    taux_incapacite = DisabilityField()


class ResourcesForm(GuichetForm):
    salaires_3_mois = AmountField(
        label=gettext_lazy("Salaires nets reçus ces 3 derniers mois (total, en euros)"),
        help_text=gettext_lazy("Additionnez les 3 dernières fiches de paie. Laissez vide si rien."),
    )
    chomage_3_mois = AmountField(
        label=gettext_lazy("Allocations chômage reçues ces 3 derniers mois (total, en euros)"),
        help_text=gettext_lazy("France Travail. Laissez vide si rien."),
    )
    retraite_3_mois = AmountField(
        label=gettext_lazy("Retraites et pensions reçues ces 3 derniers mois (total, en euros)"),
        help_text=gettext_lazy("Laissez vide si rien."),
    )
    salaires_annee_derniere = AmountField(
        label=gettext_lazy("Salaires nets de l'année dernière (en euros)"),
        help_text=gettext_lazy(
            "Sur l'avis d'impôt ou la dernière fiche de paie de décembre (cumul net imposable). "
            "Laissez vide pour compter 12 fois le salaire mensuel."
        ),
    )


class CommuneChoice(forms.ChoiceField):
    """The communes of a postal code; what was typed before the list appeared is checked by the form."""

    def valid_value(self, value):
        return True


class HousingForm(GuichetForm):
    """Where the person lives, asked as people know it: postal code and town, never an INSEE code.

    When the postal code serves several communes and the town typed matches none, the page asks again
    with the list of those communes to choose from (no script needed)."""

    code_postal = forms.CharField(
        label=gettext_lazy("Code postal"),
        max_length=10,
        error_messages={"required": gettext_lazy("Indiquez le code postal de votre logement.")},
        help_text=gettext_lazy("5 chiffres, par exemple 47300"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    commune = forms.CharField(
        label=gettext_lazy("Ville ou village"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("Par exemple Villeneuve-sur-Lot"),
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    # Kept from earlier answers (and the API); never asked: the postal code and the town find it.
    code_insee = forms.CharField(max_length=5, required=False, widget=forms.HiddenInput)
    statut_occupation = forms.ChoiceField(
        label=gettext_lazy("Vous êtes"),
        choices=OCCUPATION_STATUSES,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choisissez votre situation de logement.")},
    )
    loyer = AmountField(
        label=gettext_lazy("Loyer mensuel hors charges, ou remboursement mensuel du prêt (en euros)"),
        help_text=gettext_lazy("Laissez vide si vous ne payez ni loyer ni prêt pour votre logement."),
    )

    def __init__(self, *args, communes_for=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.communes_for = communes_for or (lambda postal_code: [])
        source = self.data if self.is_bound else self.initial
        postal = re.sub(r"\s", "", str((source or {}).get("code_postal", "") or ""))
        self.candidates = self.communes_for(postal) if postal else []
        if len({code for code, _name in self.candidates}) > 1:
            self.fields["commune"] = CommuneChoice(
                label=gettext_lazy("Votre commune"),
                help_text=_("Plusieurs communes ont le code postal %s : choisissez la vôtre.") % postal,
                choices=sorted({(name, name) for _code, name in self.candidates}),
                widget=forms.RadioSelect,
                required=False,
            )
            self._bound_fields_cache.pop("commune", None)  # DSFR's form binds its fields at creation

    def clean_code_insee(self):
        code = self.cleaned_data["code_insee"].strip().upper()
        return code if re.fullmatch(r"(\d{5}|2[AB]\d{3})", code) else ""

    def clean(self):
        cleaned = super().clean()
        postal = re.sub(r"\s", "", cleaned.get("code_postal") or "")
        name = (cleaned.get("commune") or "").strip()
        if postal:
            codes = {code for code, _name in self.candidates}
            wanted = normalise_commune(name)
            matching = {code for code, commune in self.candidates if normalise_commune(commune) == wanted}
            if not re.fullmatch(r"\d{5}", postal) or not codes:
                self.add_error(
                    "code_postal",
                    _("Ce code postal n'existe pas : vérifiez-le (5 chiffres, par exemple 47300)."),
                )
            elif len(codes) == 1:
                cleaned["code_insee"] = codes.pop()
            elif len(matching) == 1:
                cleaned["code_insee"] = matching.pop()
            else:
                self.add_error(
                    "commune",
                    _("Plusieurs communes ont le code postal %s : choisissez la vôtre dans la liste.")
                    % postal,
                )
        if cleaned.get("statut_occupation", "") in PAYS_FOR_HOME and not cleaned.get("loyer"):
            if cleaned["statut_occupation"] == "accedant":
                self.add_error("loyer", _("Indiquez ce que vous remboursez chaque mois pour votre prêt."))
            else:
                self.add_error("loyer", _("Indiquez le montant du loyer, puisque vous êtes locataire."))
        return cleaned


class ReopenForm(GuichetForm):
    reference = forms.CharField(
        label=gettext_lazy("Numéro de la simulation"),
        max_length=12,
        help_text=gettext_lazy("Par exemple : S-7KX3QPA"),
    )
    code = forms.CharField(
        label=gettext_lazy("Code de la simulation"),
        max_length=20,
        help_text=gettext_lazy("Les 12 caractères notés, par exemple ABCD-EFGH-JKLM"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
