"""The print queue: letters to usagers who chose the post, printed and mailed by an agent."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guichet.accounts.decorators import role_required
from guichet.accounts.models import Role
from guichet.core.notifications import selectors as letters
from guichet.core.notifications.backends import render_letter_pdf
from guichet.core.notifications.services import mark_letter_posted
from guichet.procedures.perms import staff_organisation_ids


@role_required(Role.AGENT)
def letter_queue(request):
    organisation_ids = staff_organisation_ids(request.user)
    return render(
        request,
        "procedures/agent/letters.html",
        {
            "to_post": letters.letters_to_post(organisation_ids=organisation_ids),
            "posted": letters.letters_posted(organisation_ids=organisation_ids),
        },
    )


@role_required(Role.AGENT)
def letter_pdf(request, notification_id):
    letter = letters.letter_for(
        notification_id=notification_id, organisation_ids=staff_organisation_ids(request.user)
    )
    if letter is None:
        raise Http404
    response = HttpResponse(render_letter_pdf(letter), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="courrier-{letter.pk}.pdf"'
    return response


@role_required(Role.AGENT)
@require_POST
def letter_posted(request, notification_id):
    mark_letter_posted(
        notification_id=notification_id,
        organisation_ids=staff_organisation_ids(request.user),
        user=request.user,
    )
    messages.success(request, _("Courrier noté comme posté."))
    return redirect("procedures:letters")
