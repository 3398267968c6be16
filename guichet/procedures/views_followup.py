"""Following a dossier: with an account, or with its number and follow-up code from any computer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from guichet.core.channels import Channel
from guichet.core.exceptions import InvalidInput
from guichet.procedures import definition as defn
from guichet.procedures import perms, selectors
from guichet.procedures.forms import FollowupForm, MessageForm
from guichet.procedures.models import DossierState
from guichet.procedures.perms import remembered_code
from guichet.procedures.services import corrections, folder, followup, transitions
from guichet.procedures.services import messages as dossier_messages
from guichet.procedures.views_usager import _answers_for_display, acting_channel

WITHDRAWABLE = (DossierState.DEPOSE, DossierState.EN_INSTRUCTION, DossierState.A_COMPLETER)


@login_required
def my_dossiers(request):
    return render(
        request, "procedures/my_dossiers.html", {"dossiers": selectors.dossiers_of_usager(request.user)}
    )


@require_http_methods(["GET", "POST"])
def followup_form(request):
    form = FollowupForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and perms.acts_for_others(request.user):
        # Staff act for a person through their mandate or role, journaled as such, never as the person.
        form.add_error(
            None,
            _(
                "Vous êtes connecté avec un compte professionnel. Pour agir pour une personne, passez par "
                "votre mandat ; pour suivre votre propre dossier, déconnectez-vous d'abord."
            ),
        )
    elif request.method == "POST" and form.is_valid():
        try:
            dossier = followup.check_followup(
                number=form.cleaned_data["number"], code=form.cleaned_data["code"]
            )
        except InvalidInput as exc:
            form.add_error(None, exc.message)
        else:
            request.session.cycle_key()
            perms.grant_followup(request, dossier)
            return redirect("procedures:dossier", dossier_id=dossier.pk)
    return render(
        request, "procedures/followup.html", {"form": form, "services": selectors.services_to_call()}
    )


def dossier_page(request, dossier_id):
    dossier = perms.dossier_for_usager(request, dossier_id)
    if dossier.state == DossierState.BROUILLON:
        return redirect("procedures:started", dossier_id=dossier.pk)
    corrections = selectors.open_corrections(dossier)
    version_definition = dossier.procedure_version.definition
    return render(
        request,
        "procedures/dossier.html",
        {
            "dossier": dossier,
            "timeline": selectors.timeline(dossier),
            "dossier_messages": dossier.messages.all(),
            "message_form": MessageForm(),
            "answers": _answers_for_display(dossier),
            "attachments": dossier.attachments.all(),
            "corrections": [
                {
                    "correction": c,
                    "labels": [defn.field_label(version_definition, k) for k in [*c.fields, *c.documents]],
                }
                for c in corrections
            ],
            "code": remembered_code(request, dossier),
            "state_label": dossier.usager_state_label,
            "implicit_acceptance": dossier.procedure_version.implicit_decision == "acceptance",
            "can_keep": request.user.is_authenticated
            and dossier.usager_id == request.user.pk
            and dossier.state in folder.KEEPABLE_STATES,
            "can_withdraw": dossier.state in WITHDRAWABLE,
        },
    )


@require_POST
def post_message(request, dossier_id):
    dossier = perms.dossier_for_usager(request, dossier_id)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            dossier_messages.message_from_usager(
                dossier=dossier, author=request.user, body=form.cleaned_data["body"], channel=Channel.ONLINE
            )
        except InvalidInput as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Message envoyé au service."))
    else:
        messages.error(request, _("Le message est vide ou trop long (5 000 caractères au plus)."))
    return redirect("procedures:dossier", dossier_id=dossier.pk)


@require_http_methods(["GET", "POST"])
def correct(request, dossier_id):
    """Right to make a mistake: the figures and pieces the service asked for, sent on one page.

    The same page serves the person online, an aidant under mandate and an agent recording what came
    to the counter, by phone or by post; `corrections.take_correction` does the work for all three."""
    dossier = perms.dossier_for_editor(request, dossier_id)
    if dossier.state != DossierState.A_COMPLETER:
        raise Http404
    staff = perms.is_staff_of(request.user, dossier)
    if request.method == "GET":
        return _correction_page(request, dossier, staff=staff)
    version_definition = dossier.procedure_version.definition
    fields, slots = selectors.requested_keys(dossier)
    values = {}
    for s in defn.sections(version_definition):
        values |= defn.raw_values(version_definition, s["key"], request.POST)
    channel = request.POST.get("received_through", "") if staff else acting_channel(request, dossier)
    if staff and channel not in Channel.agent_entered():
        channel = ""
    action = request.POST.get("action")
    try:
        outcome = corrections.take_correction(
            dossier_id=dossier.pk,
            actor=request.user,
            channel=channel,
            values=values,
            files={key: request.FILES[f"piece-{key}"] for key in slots if f"piece-{key}" in request.FILES},
            remove=request.POST.get("remove", ""),
            send=action == "send",
        )
    except InvalidInput as exc:
        # Nothing was kept (who acted, or through which channel, is unknown): what was typed is shown
        # back as typed; a chosen file has to be chosen again, and the error says how it came.
        return _correction_page(
            request,
            dossier,
            staff=staff,
            data=request.POST,
            errors={"received_through" if staff and not channel else corrections.NON_FIELD: exc.message},
        )
    if outcome.sent:
        messages.success(request, _("Compléments envoyés au service. Merci."))
        if staff:
            return redirect("procedures:agent_dossier", dossier_id=dossier.pk)
        return redirect("procedures:dossier", dossier_id=dossier.pk)
    if not outcome.errors and outcome.added:
        messages.success(request, _("Fichier gardé : %s.") % ", ".join(outcome.added))
    elif not outcome.errors and action == "save":
        messages.success(request, _("Enregistré ; envoyez au service quand vous êtes prêt."))
    # What was typed is saved: the page shows it back from the dossier, with the files kept below.
    data = {**outcome.dossier.answers, "received_through": channel} if staff else outcome.dossier.answers
    return _correction_page(request, outcome.dossier, staff=staff, data=data, errors=outcome.errors)


def _correction_page(request, dossier, *, staff: bool, data=None, errors=None):
    version_definition = dossier.procedure_version.definition
    fields, slots = selectors.requested_keys(dossier)
    form = defn.build_correction_form(
        version_definition,
        dossier.answers,
        fields=fields,
        slots=slots,
        data=data,
        channels=[(c.value, c.label) for c in Channel.agent_entered()] if staff else (),
    )
    if data is not None:
        form.is_valid()
    for key, message in (errors or {}).items():
        target = None if key == corrections.NON_FIELD else key if key in form.fields else f"piece-{key}"
        form.add_error(target, message)
    answered = list(selectors.correction_attachments(dossier))
    earlier = dossier.attachments.filter(slot__in=slots).exclude(pk__in=[a.pk for a in answered])
    return render(
        request,
        "procedures/correct.html",
        {
            "dossier": dossier,
            "form": form,
            "is_staff": staff,
            "accept": defn.ACCEPT_ATTRIBUTE,
            "corrections": selectors.open_corrections(dossier),
            "requested_labels": [defn.field_label(version_definition, k) for k in sorted(fields | slots)],
            "pieces": [
                {
                    "slot": slot,
                    "field": form[f"piece-{slot.key}"],
                    "new_files": [a for a in answered if a.slot == slot.key],
                    "old_files": [a for a in earlier if a.slot == slot.key],
                }
                for slot in defn.slots_of(version_definition, slots)
            ],
            "answer_fields": [form[key] for key in form.fields if key in fields],
        },
        status=400 if errors else 200,
    )


@require_http_methods(["GET", "POST"])
def withdraw(request, dossier_id):
    """Withdrawing is final: a page asks to confirm (no script needed), then the request stops."""
    dossier = perms.dossier_for_usager(request, dossier_id)
    if request.method == "GET":
        if dossier.state not in WITHDRAWABLE:
            return redirect("procedures:dossier", dossier_id=dossier.pk)
        return render(request, "procedures/withdraw.html", {"dossier": dossier})
    try:
        transitions.withdraw_dossier(dossier_id=dossier.pk, actor=request.user, channel=Channel.ONLINE)
    except InvalidInput as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Votre demande est retirée. Le service ne l'étudiera pas."))
    return redirect("procedures:dossier", dossier_id=dossier.pk)
