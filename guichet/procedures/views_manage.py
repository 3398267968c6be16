"""Responsables: service interruptions (and, later, the procedure editor)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from guichet.accounts.decorators import role_required
from guichet.accounts.models import Role
from guichet.accounts.selectors import organisations_where
from guichet.core.exceptions import InvalidInput
from guichet.procedures.forms import OutageForm
from guichet.procedures.models import Outage
from guichet.procedures.services import outages


@role_required(Role.RESPONSABLE)
@require_http_methods(["GET", "POST"])
def outage_list(request):
    managed = organisations_where(request.user, Role.RESPONSABLE)
    form = OutageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outage = outages.record_outage(
                organisation=managed.first(),
                actor=request.user,
                **form.cleaned_data,
            )
        except InvalidInput as exc:
            form.add_error(None, exc.message)
        else:
            count = outage.extensions.count()
            messages.success(
                request,
                _(
                    "Interruption enregistrée : les délais de %d dossier(s) sont prolongés et les personnes prévenues."
                )
                % count,
            )
            return redirect("procedures:outages")
    listed = Outage.objects.filter(organisation__in=managed).prefetch_related("extensions")
    return render(request, "procedures/manage/outages.html", {"form": form, "outages": listed})
