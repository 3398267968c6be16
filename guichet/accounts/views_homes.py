"""The home page of each role."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guichet.accounts import services
from guichet.accounts.decorators import role_required
from guichet.accounts.forms import ApiTokenForm
from guichet.accounts.models import ApiToken, Role
from guichet.accounts.perms import managed_organisation_for
from guichet.accounts.selectors import api_tokens_of, members_of, organisations_where
from guichet.core.channels import Channel
from guichet.core.exceptions import InvalidInput
from guichet.core.models import Notification


def _role_home(request, role: str, template: str, extra: dict | None = None):
    context = {"role": Role(role), "organisations": organisations_where(request.user, role)}
    context.update(extra or {})
    return render(request, template, context)


@role_required(Role.AGENT)
def home_agent(request):
    return _role_home(request, Role.AGENT, "accounts/home_agent.html", {"channels": Channel.choices})


@role_required(Role.AIDANT)
def home_aidant(request):
    return _role_home(request, Role.AIDANT, "accounts/home_aidant.html")


@role_required(Role.ANALYSTE)
def home_analyste(request):
    by_kind = (
        Notification.objects.values("kind", "status").annotate(total=Count("id")).order_by("kind", "status")
    )
    labels = dict(Notification.Kind.choices) | dict(Notification.Status.choices)
    rows = [(labels[row["kind"]], labels[row["status"]], row["total"]) for row in by_kind]
    return _role_home(request, Role.ANALYSTE, "accounts/home_analyste.html", {"notification_rows": rows})


@role_required(Role.RESPONSABLE)
def home_responsable(request):
    organisations = [
        {"organisation": org, "members": members_of(org), "tokens": api_tokens_of(org)}
        for org in organisations_where(request.user, Role.RESPONSABLE)
    ]
    return _role_home(
        request,
        Role.RESPONSABLE,
        "accounts/home_responsable.html",
        {"managed": organisations, "token_form": ApiTokenForm()},
    )


@role_required(Role.RESPONSABLE)
@require_POST
def api_token_create(request, organisation_id):
    organisation = managed_organisation_for(request.user, organisation_id)
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            token, key = services.create_api_token(
                organisation=organisation, label=form.cleaned_data["label"]
            )
        except InvalidInput as exc:
            form.add_error("label", exc.message)
        else:
            return render(request, "accounts/api_token_created.html", {"token": token, "key": key})
    return render(request, "accounts/api_token_form.html", {"form": form, "organisation": organisation})


@role_required(Role.RESPONSABLE)
@require_POST
def api_token_revoke(request, organisation_id, token_id):
    organisation = managed_organisation_for(request.user, organisation_id)
    token = get_object_or_404(ApiToken, pk=token_id, organisation=organisation)
    services.revoke_api_token(token=token)
    messages.success(
        request, _("Le jeton « %s » est révoqué : il ne donne plus accès à l'API.") % token.label
    )
    return redirect("accounts:home_responsable")
