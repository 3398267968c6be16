"""The agents' side: requests received at the counter, by phone or by mail, and instruction."""

import datetime
import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from guichet.accounts.decorators import any_role_required, role_required
from guichet.accounts.models import Role
from guichet.accounts.perms import has_role
from guichet.core.channels import Channel
from guichet.core.exceptions import Conflict, InvalidInput
from guichet.core.forms import errors_text
from guichet.core.journal import record
from guichet.core.privacy.http import json_download
from guichet.instruction import perms as instruction_perms
from guichet.instruction import selectors as instruction_selectors
from guichet.instruction.services import following
from guichet.instruction.services import replies as instruction_replies
from guichet.procedures import definition as defn
from guichet.procedures import perms, privacy, selectors
from guichet.procedures.forms import (
    AgentMessageForm,
    CorrectionRequestForm,
    CounterRequestForm,
    DecisionForm,
    QueueFilterForm,
    RecordedMessageForm,
    ReopenForm,
    SendBackForm,
)
from guichet.procedures.models import DossierState
from guichet.procedures.perms import remember_code
from guichet.procedures.services import drafts, followup, transitions
from guichet.procedures.services import messages as dossier_messages
from guichet.procedures.views_usager import _answers_for_display, _int
from guichet.procedures.workflow import allowed_actions

FOLLOWING_ACTIONS = {"instruire", "completer", "decider", "message", "rouvrir", "noter-message"}


STATES = [s for s in DossierState.choices if s[0] != DossierState.BROUILLON]


def _listed(user, params, organisation_ids=None):
    """(the dossiers of the list these query parameters describe, its filter form, the tab)."""
    filters = QueueFilterForm(params, states=STATES)
    valid = filters.is_valid()
    wanted = filters.cleaned_data if valid else {}
    tab = wanted.get("onglet") or "tous"
    dossiers = selectors.queue(
        organisation_ids=perms.staff_organisation_ids(user) if organisation_ids is None else organisation_ids,
        user=user,
        procedure_id=wanted.get("demarche"),
        state=wanted.get("etat", ""),
        channel=wanted.get("canal", ""),
        search=wanted.get("q", ""),
    )
    dossiers = instruction_selectors.in_tab(dossiers, tab, user)
    return (dossiers if valid else dossiers.none()), filters, tab


# Agents act; responsables read the queue and the dossiers of their organisation without acting.
staff_reader_required = any_role_required(Role.AGENT, Role.RESPONSABLE)


@staff_reader_required
def queue(request):
    organisation_ids = perms.staff_organisation_ids(request.user)
    states = STATES
    dossiers, filters, tab = _listed(request.user, request.GET, organisation_ids)
    valid = not filters.errors
    reachable = selectors.queue(organisation_ids=organisation_ids, user=request.user)
    page = Paginator(dossiers.prefetch_related("labels"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "procedures/agent/queue.html",
        {
            "page": page,
            "procedures": perms.procedures_for_staff(request.user),
            "states": states,
            "channels": Channel.choices,
            "params": request.GET,
            "filter_errors": [e for errors in filters.errors.values() for e in errors],
            "tab": tab,
            "tabs": [
                (key, label, count)
                for (key, label), count in zip(
                    instruction_selectors.TABS.items(),
                    instruction_selectors.tab_counts(reachable, request.user).values(),
                    strict=True,
                )
            ],
            "tab_params": {k: v for k, v in request.GET.items() if k not in ("onglet", "page")},
            "list_params": urlencode({k: v for k, v in request.GET.items() if k != "page"}),
            "read_only": not has_role(request.user, Role.AGENT),
            "drafts": selectors.drafts_started_by(request.user, organisation_ids)[:10],
        },
        status=200 if valid else 400,
    )


@role_required(Role.AGENT)
@require_http_methods(["GET", "POST"])
def new_request(request):
    procedures = perms.procedures_for_staff(request.user).filter(is_published=True)
    form = CounterRequestForm(
        request.POST or None,
        procedures=procedures,
        initial={"received_on": timezone.localdate(), "channel": Channel.COUNTER},
    )
    if request.method == "POST" and form.is_valid():
        procedure = procedures.filter(pk=form.cleaned_data["procedure"]).first()
        received_on = form.cleaned_data["received_on"]
        now = timezone.localtime()
        received_at = (
            now
            if received_on == now.date()
            else timezone.make_aware(datetime.datetime.combine(received_on, datetime.time(12, 0)))
        )
        try:
            started = drafts.start_dossier(
                procedure=procedure,
                channel=form.cleaned_data["channel"],
                actor=request.user,
                received_at=received_at,
                contact_name=form.cleaned_data["contact_name"],
            )
        except InvalidInput as exc:
            form.add_error(None, exc.message)
        else:
            remember_code(request, started.dossier, started.followup_code)
            first = defn.sections(started.dossier.procedure_version.definition)[0]["key"]
            return redirect("procedures:section", dossier_id=started.dossier.pk, section_key=first)
    return render(request, "procedures/agent/new_request.html", {"form": form})


def _reply_initial(request, dossier) -> dict:
    """« Partir d'une réponse type »: a link with ?modele=<id> fills the message (no JavaScript needed)."""
    wanted = request.GET.get("modele", "")
    if not wanted:
        return {}
    reply = (
        instruction_selectors.replies_of(dossier.procedure_version.procedure_id)
        .filter(pk=_uuid(wanted))
        .first()
    )
    return {"body": instruction_replies.text_for(reply, dossier)} if reply else {}


def _uuid(value: str):
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _detail_context(request, dossier, **forms):
    version_definition = dossier.procedure_version.definition
    return {
        "dossier": dossier,
        "answers": _answers_for_display(dossier, only_visible=False),
        "attachments": [(a, defn.field_label(version_definition, a.slot)) for a in dossier.attachments.all()],
        "open_corrections": selectors.open_corrections(dossier),
        "pieces_pending": [
            defn.field_label(version_definition, key) for key in selectors.pieces_still_missing(dossier)
        ],
        "timeline": selectors.timeline(dossier),
        "dossier_messages": dossier.messages.select_related("author"),
        "versions": dossier.answer_versions.select_related("actor"),
        "actions": allowed_actions(dossier.state),
        "message_form": forms.get("message_form")
        or AgentMessageForm(initial=_reply_initial(request, dossier)),
        "replies": instruction_selectors.replies_of(dossier.procedure_version.procedure_id),
        "correction_form": forms.get("correction_form")
        or CorrectionRequestForm(
            field_choices=[(f["key"], f["label"]) for f in defn.all_fields(version_definition)],
            document_choices=[(s.key, s.label) for s in defn.slots(version_definition)],
        ),
        "decision_form": forms.get("decision_form") or DecisionForm(),
        "reopen_form": forms.get("reopen_form") or ReopenForm(),
        "recorded_form": forms.get("recorded_form")
        or RecordedMessageForm(initial={"received_on": timezone.localdate(), "channel": "phone"}),
        "send_back_form": forms.get("send_back_form") or SendBackForm(),
        "conflict": forms.get("conflict"),
        "new_code": forms.get("new_code"),
    }


@staff_reader_required
def dossier_detail(request, dossier_id):
    dossier = perms.dossier_for_staff(request.user, dossier_id)
    context = _detail_context(request, dossier)
    if not instruction_perms.is_agent_of(request.user, dossier.organisation_id):
        context["read_only"], context["actions"] = True, []
    listing = request.GET.get("liste", "")[:500]
    if listing:  # opened from the list: its previous and next dossiers, in the list's order
        dossiers, _filters, _tab = _listed(request.user, QueryDict(listing))
        context["neighbours"] = selectors.neighbours(dossiers, dossier)
        context["listing"] = urlencode({"liste": listing})
        context["list_url"] = listing
    return render(request, "procedures/agent/dossier.html", context)


@role_required(Role.AGENT)
def person_data(request, dossier_id):
    """A person asked the service for their data (RGPD, art. 15): everything, or this dossier's if no account."""
    dossier = perms.dossier_for_staff(request.user, dossier_id)
    data = privacy.export_for_dossier(dossier)
    record(
        action="personne.donnees_exportees",
        actor=request.user,
        organisation_id=dossier.organisation_id,
        subject_type="dossier",
        subject_id=str(dossier.pk),
        on_behalf_of_id=dossier.usager_id,
    )
    return json_download(data, f"donnees-{dossier.number}.json")


@role_required(Role.AGENT)
@require_POST
def dossier_action(request, dossier_id, action):
    dossier = perms.dossier_for_staff(request.user, dossier_id)
    version = _int(request.POST.get("lock_version"))
    forms = {}
    try:
        if action == "instruire":
            transitions.start_instruction(
                dossier_id=dossier.pk, actor=request.user, expected_lock_version=version
            )
            messages.success(request, _("Instruction commencée."))
        elif action == "completer":
            form = _correction_form(request, dossier)
            forms["correction_form"] = form
            if not form.is_valid():
                raise InvalidInput(_("La demande de compléments est incomplète."))
            transitions.request_correction(
                dossier_id=dossier.pk,
                actor=request.user,
                fields=form.cleaned_data["fields_to_fix"],
                documents=form.cleaned_data["documents"],
                message=form.cleaned_data["message"],
                expected_lock_version=version,
            )
            messages.success(request, _("Demande de compléments envoyée à la personne."))
        elif action == "decider":
            form = DecisionForm(request.POST)
            forms["decision_form"] = form
            if not form.is_valid():
                raise InvalidInput(_("Choisissez une décision et écrivez son motif."))
            decision, motive = form.cleaned_data["decision"], form.cleaned_data["motive"]
            if decision == "close":
                transitions.close_dossier(
                    dossier_id=dossier.pk, actor=request.user, motive=motive, expected_lock_version=version
                )
            else:
                transitions.decide(
                    dossier_id=dossier.pk,
                    actor=request.user,
                    accepted=decision == "accept",
                    motive=motive,
                    expected_lock_version=version,
                )
            messages.success(request, _("Décision enregistrée et envoyée à la personne."))
        elif action in ("rouvrir", "remettre-depose"):
            form = (ReopenForm if action == "rouvrir" else SendBackForm)(request.POST)
            forms["reopen_form" if action == "rouvrir" else "send_back_form"] = form
            if not form.is_valid():
                raise InvalidInput(errors_text(form))
            if action == "rouvrir":
                transitions.reopen_dossier(
                    dossier_id=dossier.pk,
                    actor=request.user,
                    motive=form.cleaned_data["motive"],
                    at_persons_request=form.cleaned_data["at_persons_request"],
                    expected_lock_version=version,
                )
                messages.success(request, _("Dossier rouvert : la personne en est prévenue."))
            else:
                transitions.send_back_to_deposited(
                    dossier_id=dossier.pk,
                    actor=request.user,
                    motive=form.cleaned_data["motive"],
                    expected_lock_version=version,
                )
                messages.success(request, _("Le dossier est de nouveau « déposé »."))
        elif action == "noter-message":
            form = RecordedMessageForm(request.POST)
            forms["recorded_form"] = form
            if not form.is_valid():
                raise InvalidInput(
                    _("Le message de la personne n'est pas noté : corrigez ce qui est signalé.")
                )
            dossier_messages.record_from_person(dossier=dossier, agent=request.user, **form.cleaned_data)
            messages.success(request, _("Message de la personne noté dans le dossier."))
        elif action == "message":
            form = AgentMessageForm(request.POST)
            forms["message_form"] = form
            if not form.is_valid():
                raise InvalidInput(_("Le message est vide ou trop long."))
            dossier_messages.message_to_usager(
                dossier=dossier,
                author=request.user,
                body=form.cleaned_data["body"],
                awaiting_reply=form.cleaned_data["awaiting_reply"],
            )
            messages.success(request, _("Message envoyé par le canal choisi par la personne."))
        elif action == "nouveau-code":
            code = followup.reset_followup_code(dossier=dossier, actor=request.user)
            remember_code(request, dossier, code)  # encrypted, for the follow-up sheet to print
            # Shown by this response only: never in the messages cookie, which is signed, not encrypted.
            dossier = perms.dossier_for_staff(request.user, dossier_id)
            return render(
                request, "procedures/agent/dossier.html", _detail_context(request, dossier, new_code=code)
            )
        else:
            raise InvalidInput(_("Action inconnue."))
    except Conflict as exc:
        forms["conflict"] = exc.message
        dossier = perms.dossier_for_staff(request.user, dossier_id)
        return render(
            request, "procedures/agent/dossier.html", _detail_context(request, dossier, **forms), status=409
        )
    except InvalidInput as exc:
        messages.error(request, exc.message)
        dossier = perms.dossier_for_staff(request.user, dossier_id)
        return render(
            request, "procedures/agent/dossier.html", _detail_context(request, dossier, **forms), status=400
        )
    if action in FOLLOWING_ACTIONS:  # who acts on a dossier follows it (Démarche Numérique does the same)
        following.follow(dossier=dossier, user=request.user)
    return redirect("procedures:agent_dossier", dossier_id=dossier.pk)


def _correction_form(request, dossier):
    version_definition = dossier.procedure_version.definition
    return CorrectionRequestForm(
        request.POST,
        field_choices=[(f["key"], f["label"]) for f in defn.all_fields(version_definition)],
        document_choices=[(s.key, s.label) for s in defn.slots(version_definition)],
    )
