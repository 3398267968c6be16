from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBaseForm

from guichet.core.forms import DSFR_RENDERER, GuichetForm


class LoginForm(DsfrBaseForm, AuthenticationForm):
    default_renderer = DSFR_RENDERER
    username = forms.CharField(
        label=_("Identifiant ou adresse électronique"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _(
            "Identifiant ou mot de passe incorrect. Vérifiez la saisie (majuscules, clavier) et réessayez."
        ),
        "inactive": _("Ce compte est désactivé. Adressez-vous au responsable de votre structure."),
    }


class GuichetPasswordResetForm(DsfrBaseForm, PasswordResetForm):
    default_renderer = DSFR_RENDERER
    email = forms.EmailField(
        label=_("Adresse électronique du compte"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Sans adresse électronique, adressez-vous à la structure qui a créé votre compte."),
    )


class GuichetSetPasswordForm(DsfrBaseForm, SetPasswordForm):
    default_renderer = DSFR_RENDERER


class OtpTokenForm(GuichetForm):
    token = forms.CharField(
        label=_("Code à usage unique"),
        max_length=16,
        help_text=_("Les 6 chiffres affichés par votre application, ou l'un de vos codes de secours."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autocapitalize": "none"}
        ),
    )


class ApiTokenForm(GuichetForm):
    label = forms.CharField(
        label=_("Libellé du jeton"),
        max_length=100,
        help_text=_("Par exemple le nom du logiciel qui appellera l'API."),
    )
