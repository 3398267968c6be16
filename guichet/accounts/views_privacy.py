"""A person's own data: download everything (JSON, French keys), erase the account where the law allows."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from guichet.core.channels import Channel
from guichet.core.journal import record
from guichet.core.privacy import ErasureRefused, erase_person, erasure_refusals, export_person
from guichet.core.privacy.http import json_download


@login_required
def my_data(request):
    person = request.user
    record(
        action="personne.donnees_exportees",
        actor=person,
        channel=Channel.ONLINE,
        subject_type="personne",
        subject_id=str(person.pk),
        on_behalf_of_id=person.pk,
    )
    return json_download(export_person(person), "mes-donnees-guichet.json")


@login_required
@require_http_methods(["GET", "POST"])
def erase_account(request):
    person = request.user
    refusals = erasure_refusals(person)
    if request.method == "POST" and not refusals:
        if request.POST.get("confirmation") != "oui":
            messages.error(request, _("Cochez la case pour confirmer l'effacement."))
            return redirect("accounts:erase_account")
        person_id = person.pk
        try:
            erase_person(person=person)
        except ErasureRefused as exc:
            messages.error(request, exc.message)
            return redirect("accounts:erase_account")
        record(
            action="personne.effacee",
            channel=Channel.ONLINE,
            subject_type="personne",
            subject_id=str(person_id),
            on_behalf_of_id=person_id,
        )
        logout(request)
        messages.success(request, _("Votre compte et vos données ont été effacés."))
        return redirect("core:home")
    return render(request, "accounts/erase_account.html", {"refusals": refusals}, status=200)
