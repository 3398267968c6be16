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
from guichet.procedures.services import drafts, folder, followup, transitions
from guichet.procedures.services import messages as dossier_messages
from guichet.procedures.views_usager import _answers_for_display


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
    return render(request, "procedures/followup.html", {"form": form})


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
            "can_keep": request.user.is_authenticated
            and dossier.usager_id == request.user.pk
            and dossier.state in folder.KEEPABLE_STATES,
            "can_withdraw": dossier.state
            in (DossierState.DEPOSE, DossierState.EN_INSTRUCTION, DossierState.A_COMPLETER),
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
    """Right to make a mistake: the usager corrects only the fields the service named."""
    dossier = perms.dossier_for_editor(request, dossier_id)
    if dossier.state != DossierState.A_COMPLETER:
        raise Http404
    version_definition = dossier.procedure_version.definition
    only = selectors.fields_to_correct(dossier)
    sections = [
        s for s in defn.sections(version_definition) if any(f["key"] in only for f in s.get("fields", []))
    ]
    forms = []
    if request.method == "POST":
        values = {}
        for s in sections:
            values |= {
                k: v
                for k, v in defn.raw_values(version_definition, s["key"], request.POST).items()
                if k in only
            }
        try:
            dossier = drafts.save_answers(dossier_id=dossier.pk, values=values, actor=request.user)
            if request.POST.get("action") == "send":
                dossier = transitions.submit_correction(
                    dossier_id=dossier.pk,
                    actor=request.user,
                    channel=dossier.channel if perms.is_staff_of(request.user, dossier) else Channel.ONLINE,
                )
                messages.success(request, _("Corrections envoyées au service. Merci."))
                return redirect("procedures:dossier", dossier_id=dossier.pk)
            messages.success(request, _("Corrections enregistrées ; envoyez-les quand vous êtes prêt."))
        except InvalidInput as exc:
            messages.error(request, exc.message)
    for s in sections:
        form = defn.build_section_form(
            version_definition,
            s["key"],
            dossier.answers,
            data=dossier.answers if request.method == "POST" else None,
            only=only,
        )
        if request.method == "POST":
            form.is_valid()
        forms.append({"section": s, "form": form})
    documents = {doc for c in selectors.open_corrections(dossier) for doc in c.documents}
    return render(
        request,
        "procedures/correct.html",
        {
            "dossier": dossier,
            "forms": forms,
            "documents": [defn.field_label(version_definition, d) for d in sorted(documents)],
            "corrections": selectors.open_corrections(dossier),
        },
    )


@require_POST
def withdraw(request, dossier_id):
    dossier = perms.dossier_for_usager(request, dossier_id)
    try:
        transitions.withdraw_dossier(dossier_id=dossier.pk, actor=request.user, channel=Channel.ONLINE)
    except InvalidInput as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Votre demande est retirée. Elle ne sera pas instruite."))
    return redirect("procedures:dossier", dossier_id=dossier.pk)
