"""The agent's side of a dossier's group and followers: follow, stop, hand over, move to another group."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from guichet.accounts.decorators import role_required
from guichet.accounts.models import Role
from guichet.core.exceptions import Conflict, InvalidInput
from guichet.core.forms import errors_text
from guichet.instruction import selectors
from guichet.instruction.forms import ForwardForm, InternalMessageForm, LabelsForm, MoveForm
from guichet.instruction.models import InstructorGroup, Label
from guichet.instruction.services import following, labels, routing, thread
from guichet.procedures import perms as dossier_perms


@role_required(Role.AGENT)
@require_POST
def dossier_team(request, dossier_id, action):
    dossier = dossier_perms.dossier_for_staff(request.user, dossier_id)
    try:
        if action == "suivre":
            following.follow(dossier=dossier, user=request.user)
            messages.success(request, _("Vous suivez ce dossier."))
        elif action == "ne-plus-suivre":
            following.unfollow(dossier=dossier, user=request.user)
            messages.success(request, _("Vous ne suivez plus ce dossier."))
        elif action == "transmettre":
            form = ForwardForm(request.POST, colleagues=selectors.colleagues_for(dossier, request.user))
            if not form.is_valid():
                raise InvalidInput(_("Choisissez le collègue à qui transmettre le dossier."))
            colleague = get_user_model().objects.get(pk=form.cleaned_data["colleague"])
            following.forward(
                dossier=dossier,
                sender=request.user,
                colleague=colleague,
                keep_following=form.cleaned_data["keep_following"],
            )
            messages.success(request, _("Dossier transmis : votre collègue le suit et en est prévenu."))
        elif action == "deplacer":
            groups = InstructorGroup.objects.filter(procedure_id=dossier.procedure_version.procedure_id)
            form = MoveForm(request.POST, groups=groups)
            if not form.is_valid():
                raise InvalidInput(errors_text(form))
            group = groups.get(pk=form.cleaned_data["group"])
            routing.move_dossier(
                dossier=dossier,
                to_group=group,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                expected_group_id=form.cleaned_data["current"],
            )
            messages.success(request, _("Dossier envoyé au groupe « %(label)s ».") % {"label": group.label})
            if not dossier_perms.is_staff_of(request.user, dossier):
                return redirect("procedures:queue")  # moved out of one's own groups
        elif action == "etiquettes":
            choices = Label.objects.filter(procedure_id=dossier.procedure_version.procedure_id)
            form = LabelsForm(request.POST, choices=choices)
            if not form.is_valid():
                raise InvalidInput(errors_text(form))
            labels.set_labels(
                dossier=dossier,
                actor=request.user,
                label_ids=form.cleaned_data["labels"],
                new_name=form.cleaned_data["new_name"],
                new_colour=form.cleaned_data["new_colour"],
            )
            messages.success(request, _("Étiquettes enregistrées."))
        elif action == "fil-interne":
            form = InternalMessageForm(request.POST)
            if not form.is_valid():
                raise InvalidInput(errors_text(form))
            thread.post_internal(dossier=dossier, author=request.user, body=form.cleaned_data["body"])
            messages.success(request, _("Message ajouté au fil des agents."))
        else:
            raise InvalidInput(_("Action inconnue."))
    except (InvalidInput, Conflict) as error:
        messages.error(request, error.message)
    return redirect("procedures:agent_dossier", dossier_id=dossier.pk)
