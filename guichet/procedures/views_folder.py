"""« Dites-le-nous une fois » : the person's folder, kept only with their consent."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guichet.core.exceptions import InvalidInput
from guichet.procedures import perms
from guichet.procedures.models import PersonalItem
from guichet.procedures.services import folder


@login_required
def personal_folder(request):
    items = PersonalItem.objects.filter(user=request.user).select_related("source_dossier")
    return render(request, "procedures/personal_folder.html", {"items": items})


@login_required
@require_POST
def forget_item(request, item_id):
    item = get_object_or_404(PersonalItem, pk=item_id, user=request.user)
    folder.forget(item=item)
    messages.success(request, _("« %s » est supprimé de votre dossier personnel.") % item.label)
    return redirect("procedures:personal_folder")


@login_required
@require_POST
def keep(request, dossier_id):
    dossier = perms.dossier_for_usager(request, dossier_id)
    try:
        kept = folder.keep_from_dossier(
            dossier=dossier, user=request.user, consent=request.POST.get("consent") == "on"
        )
    except InvalidInput as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("%d information(s) conservée(s) dans votre dossier personnel pour un an.") % len(kept)
        )
    return redirect("procedures:dossier", dossier_id=dossier.pk)


@login_required
@require_POST
def reuse(request, dossier_id):
    dossier = perms.dossier_for_usager(request, dossier_id)
    try:
        count = folder.reuse(dossier_id=dossier.pk, user=request.user, item_ids=request.POST.getlist("items"))
    except InvalidInput as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("%d information(s) reprise(s). Vérifiez-les : vous pouvez tout modifier.") % count
        )
    return redirect("procedures:started", dossier_id=dossier.pk)
