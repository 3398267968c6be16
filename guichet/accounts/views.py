import base64
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from guichet.accounts import services
from guichet.accounts.forms import (
    GuichetPasswordResetForm,
    GuichetSetPasswordForm,
    LoginForm,
    OtpTokenForm,
)
from guichet.accounts.lockout import unlock_account
from guichet.accounts.models import Role
from guichet.accounts.oidc import oidc_enabled
from guichet.accounts.selectors import active_memberships, roles_of
from guichet.accounts.session_expiry import start_session_clock
from guichet.core.anonymous_access import forget_anonymous_access
from guichet.core.exceptions import InvalidInput

ROLE_HOMES = {
    Role.AGENT: "accounts:home_agent",
    Role.AIDANT: "accounts:home_aidant",
    Role.RESPONSABLE: "accounts:home_responsable",
    Role.ANALYSTE: "accounts:home_analyste",
}


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = oidc_enabled()
        context["oidc_provider_name"] = settings.GUICHET_OIDC_PROVIDER_NAME
        context["oidc_failed"] = "echec_identification" in self.request.GET
        context["session_expired"] = self.request.GET.get("session") == "expiree"
        return context

    def form_valid(self, form):
        # Dossiers and screenings this browser opened before belong to whoever used it then.
        forget_anonymous_access(self.request.session)
        response = super().form_valid(form)
        start_session_clock(self.request.session)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = GuichetPasswordResetForm
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = GuichetSetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        # The link came through the holder's own channel: a lock-out set by someone else ends here.
        response = super().form_valid(form)
        unlock_account(form.user)
        return response


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
def home(request):
    """Send each person to the home of their role; several roles get a choice."""
    roles = [role for role in Role if role in roles_of(request.user)]
    if len(roles) == 1:
        return redirect(ROLE_HOMES[roles[0]])
    if not roles:
        return render(request, "accounts/home_usager.html")
    choices = [(role.label, ROLE_HOMES[role]) for role in roles]
    return render(request, "accounts/home_choice.html", {"choices": choices})


def _qr_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    return svg[svg.index("<svg") :]


@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    verified = request.user.is_verified()
    if services.has_confirmed_second_factor(request.user) and not verified:
        # The password alone never reaches a pending secret: the existing factor comes first.
        return redirect(f"{reverse('accounts:otp_verify')}?{urlencode({'next': request.get_full_path()})}")
    device = services.pending_enrolment(user=request.user)
    if device is None:
        device = services.start_totp_enrolment(user=request.user, session_verified=verified)
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.confirm_totp_enrolment(
                device=device, token=form.cleaned_data["token"], session_verified=verified
            )
        except InvalidInput as exc:
            form.add_error("token", exc.message)
        else:
            otp_login(request, device)
            return render(
                request,
                "accounts/otp_recovery_codes.html",
                {"codes": codes, "next": _safe_next(request, reverse_lazy("accounts:home"))},
            )
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/otp_setup.html",
        {"form": form, "qr_svg": _qr_svg(device), "secret": secret, "next": request.GET.get("next", "")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"].replace(" ", ""))
        if device is None:
            form.add_error(
                "token", _("Ce code n'est pas valide ou a expiré. Saisissez le code affiché maintenant.")
            )
        else:
            otp_login(request, device)
            messages.success(request, _("Double authentification réussie."))
            return redirect(_safe_next(request, reverse_lazy("accounts:home")))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": request.GET.get("next", "")})


@login_required
def my_account(request):
    return render(request, "accounts/my_account.html", {"memberships": active_memberships(request.user)})
