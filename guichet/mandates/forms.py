from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guichet.accounts.models import Organisation
from guichet.core.forms import GuichetForm
from guichet.mandates.models import Duration, IdentityCheck, LegalRepresentation
from guichet.procedures.models import Category


class EnrolmentForm(GuichetForm):
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    email = forms.EmailField(
        label=_("Adresse électronique professionnelle"),
        help_text=_("L'aidant y recevra le lien pour choisir son mot de passe."),
    )
    trained_on = forms.DateField(
        label=_("Date de la formation"), widget=forms.DateInput(attrs={"type": "date"})
    )
    attestation = forms.FileField(
        label=_("Attestation de formation"), help_text=_("PDF, JPEG ou PNG, 10 Mo au plus.")
    )
    charter_accepted = forms.BooleanField(
        label=_("L'aidant a lu et accepté la charte de l'aidant habilité"),
    )


class SuspendForm(GuichetForm):
    reason = forms.CharField(
        label=_("Motif de la suspension"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PersonSearchForm(GuichetForm):
    q = forms.CharField(
        label=_("Rechercher une personne (nom, prénom ou téléphone)"), max_length=100, required=False
    )


class PersonForm(GuichetForm):
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    birth_date = forms.DateField(label=_("Date de naissance"), widget=forms.DateInput(attrs={"type": "date"}))
    phone = forms.CharField(
        label=_("Téléphone mobile"),
        required=False,
        max_length=30,
        help_text=_(
            "Facultatif, pour recevoir un code de consentement par SMS. Par exemple : 06 12 34 56 78"
        ),
        widget=forms.TextInput(attrs={"type": "tel"}),
    )

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        if value >= timezone.localdate():
            raise forms.ValidationError(_("La date de naissance doit être dans le passé."))
        return value


class MandateForm(GuichetForm):
    categories = forms.MultipleChoiceField(
        label=_("Thèmes couverts"),
        choices=Category.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Toutes les démarches de ces thèmes."),
    )
    procedures = forms.MultipleChoiceField(
        label=_("Ou des démarches précises"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    duration = forms.ChoiceField(
        label=_("Durée du mandat"), choices=Duration.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, procedures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedures"].choices = [(str(p.pk), p.title) for p in procedures]

    def clean(self):
        data = super().clean()
        if not data.get("categories") and not data.get("procedures"):
            raise forms.ValidationError(_("Choisissez au moins un thème ou une démarche."))
        return data


class ScreenConsentForm(GuichetForm):
    prefix = "ecran"
    identity_check = forms.ChoiceField(
        label=_("Pièce d'identité vérifiée par l'aidant"), choices=IdentityCheck.choices
    )
    signed = forms.BooleanField(
        label=_("J'ai lu ce que ce mandat permet et ne permet pas, et je donne mon accord"),
    )
    signature_name = forms.CharField(label=_("Signature : écrivez votre prénom et votre nom"), max_length=200)


class PaperConsentForm(GuichetForm):
    prefix = "papier"
    identity_check = forms.ChoiceField(
        label=_("Pièce d'identité vérifiée par l'aidant"), choices=IdentityCheck.choices
    )
    signed_form = forms.FileField(
        label=_("Formulaire imprimé, signé par la personne, scanné"),
        help_text=_("PDF, JPEG ou PNG, 10 Mo au plus."),
    )


class SendCodeForm(GuichetForm):
    """No field: the code goes to the person's recorded mobile only, never to a number typed here."""


class CodeForm(GuichetForm):
    code = forms.CharField(
        label=_("Code reçu par SMS"),
        max_length=10,
        help_text=_("Les 6 chiffres du SMS"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class RevokeWithCodeForm(GuichetForm):
    reference = forms.CharField(
        label=_("Numéro du mandat"), max_length=12, help_text=_("Par exemple : M-7KX3QPA")
    )
    code = forms.CharField(
        label=_("Code de suivi du mandat"),
        max_length=20,
        help_text=_("Les 12 caractères imprimés sur votre exemplaire, par exemple ABCD-EFGH-JKLM"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class RepresentationForm(GuichetForm):
    kind = forms.ChoiceField(
        label=_("Vous êtes"), choices=LegalRepresentation.Kind.choices, widget=forms.RadioSelect
    )
    first_name = forms.CharField(label=_("Prénom de la personne représentée"), max_length=150)
    last_name = forms.CharField(label=_("Nom de la personne représentée"), max_length=150)
    birth_date = forms.DateField(
        label=_("Sa date de naissance"), widget=forms.DateInput(attrs={"type": "date"})
    )
    proof_kind = forms.ChoiceField(label=_("Justificatif joint"), choices=LegalRepresentation.Proof.choices)
    proof = forms.FileField(
        label=_("Le justificatif (jugement, livret de famille…)"),
        help_text=_("PDF, JPEG ou PNG, 10 Mo au plus."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Structure où vous montrerez l'original du justificatif"),
        queryset=Organisation.objects.order_by("name"),
        help_text=_("Un agent y vérifie le document ; vous pourrez agir ensuite."),
    )
    ends_on = forms.DateField(
        label=_("Fin de la mesure (tutelle ou curatelle)"),
        required=False,
        help_text=_(
            "La date écrite sur le jugement. Pour un enfant mineur, laissez vide : c'est ses 18 ans."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class RefusalForm(GuichetForm):
    reason = forms.CharField(
        label=_("Motif du refus"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
