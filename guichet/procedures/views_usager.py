"""Pages of the online journey, also used by agents filling a dossier for someone at the counter."""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from guichet.accounts.oidc import identity_claims
from guichet.core.channels import Channel
from guichet.core.downloads import uploaded_file_response
from guichet.core.exceptions import Conflict, InvalidInput
from guichet.procedures import definition as defn
from guichet.procedures import perms, selectors
from guichet.procedures.forms import ContactForm, UploadForm
from guichet.procedures.models import Dossier, DossierState, PieceLater
from guichet.procedures.perms import remember_code, remembered_code
from guichet.procedures.services import drafts, folder, transitions


def acting_channel(request, dossier: Dossier) -> str:
    """Staff act through the dossier's own channel (counter, phone, mail), an aidant under mandate
    through the aidant channel; a usager acts online."""
    if perms.is_staff_of(request.user, dossier):
        return dossier.channel
    if (
        request.user.is_authenticated
        and dossier.usager_id != request.user.pk
        and (dossier.channel == Channel.AIDANT or perms.is_acting_for_usager(request, dossier))
    ):
        return Channel.AIDANT
    return Channel.ONLINE


def followup_url(request) -> str:
    return request.build_absolute_uri(reverse("procedures:followup"))


def catalogue(request):
    return render(request, "procedures/catalogue.html", {"procedures": selectors.published_procedures()})


def procedure_detail(request, slug):
    procedure = get_object_or_404(selectors.published_procedures(), slug=slug)
    version = selectors.current_version(procedure)
    return render(
        request,
        "procedures/procedure_detail.html",
        {"procedure": procedure, "version": version, "slots": defn.slots(version.definition)},
    )


@require_POST
def start(request, slug):
    procedure = get_object_or_404(selectors.published_procedures(), slug=slug)
    usager = request.user if request.user.is_authenticated else None
    started = drafts.start_dossier(procedure=procedure, channel=Channel.ONLINE, actor=usager, usager=usager)
    drafts.prefill_identity(dossier_id=started.dossier.pk, claims=identity_claims(request))
    perms.grant_followup(request, started.dossier)
    remember_code(request, started.dossier, started.followup_code)
    return redirect("procedures:started", dossier_id=started.dossier.pk)


def started(request, dossier_id):
    """The draft's home: what it is, how far it is filled and what comes next (also when coming back)."""
    dossier = perms.dossier_for_editor(request, dossier_id)
    if dossier.state != DossierState.BROUILLON:
        if perms.is_staff_of(request.user, dossier):
            return redirect("procedures:agent_dossier", dossier_id=dossier.pk)
        if dossier.state == DossierState.A_COMPLETER:
            return redirect("procedures:correct", dossier_id=dossier.pk)
        if perms.is_usager_of(request, dossier):
            return redirect("procedures:dossier", dossier_id=dossier.pk)
        return redirect("procedures:receipt", dossier_id=dossier.pk)
    progress = _progress(dossier)
    to_do = [step for step in progress if not step["done"] and step["key"] != "recap"]
    # Begun: a part of the form is filled (a name carried over from the account or the counter is not).
    begun = any(step["done"] for step in progress if step["key"] not in ("contact", "recap"))
    return render(
        request,
        "procedures/started.html",
        {
            "dossier": dossier,
            "code": remembered_code(request, dossier),
            "code_sent_by": _code_sent_by(request, dossier),
            "progress": progress,
            "done_count": sum(1 for step in progress if step["done"]),
            "next_step": to_do[0] if to_do else progress[-1],
            "begun": begun,
            "offers": folder.offers_for(dossier, request.user),
        },
    )


def _progress(dossier: Dossier) -> list[dict]:
    """Each step of the journey, done or not (done: nothing the deposit would refuse is left there)."""
    open_places = {place for place, _label, _message in transitions.submission_problems(dossier)}
    touched = set(dossier.answers)
    steps = []
    for step in _steps(dossier):
        if step["key"] == "recap":
            done = False
        elif step["key"] == "pieces":
            done = "pieces" not in open_places
        elif step["key"] == "contact":
            done = "contact" not in open_places and bool(dossier.contact_name)
        else:
            section = defn.section(dossier.procedure_version.definition, step["key"]) or {}
            keys = {f["key"] for f in section.get("fields", [])}
            done = step["key"] not in open_places and (not keys or bool(keys & touched))
        steps.append({**step, "done": done})
    return steps


def _code_sent_by(request, dossier: Dossier) -> str:
    """For an aidant who started the dossier: how the person received the code ("" when they did not)."""
    if dossier.channel != Channel.AIDANT or dossier.usager is None or dossier.usager_id == request.user.pk:
        return ""
    if dossier.usager.email:
        return "email"
    return "sms" if dossier.usager.phone else "aucun"


def _steps(dossier: Dossier) -> list[dict]:
    steps = [
        {
            "key": s["key"],
            "title": s["title"],
            "url": reverse("procedures:section", args=[dossier.pk, s["key"]]),
        }
        for s in defn.sections(dossier.procedure_version.definition)
    ]
    if defn.slots(dossier.procedure_version.definition):
        steps.append(
            {
                "key": "pieces",
                "title": _("Vos papiers (photo ou scan)"),
                "url": reverse("procedures:documents", args=[dossier.pk]),
            }
        )
    steps.append(
        {"key": "contact", "title": _("Coordonnées"), "url": reverse("procedures:contact", args=[dossier.pk])}
    )
    steps.append(
        {
            "key": "recap",
            "title": _("Récapitulatif et dépôt"),
            "url": reverse("procedures:review", args=[dossier.pk]),
        }
    )
    return steps


def _next_step_url(dossier: Dossier, current_key: str) -> str:
    steps = _steps(dossier)
    index = next(i for i, step in enumerate(steps) if step["key"] == current_key)
    return steps[min(index + 1, len(steps) - 1)]["url"]


def _draft_or_redirect(request, dossier_id):
    dossier = perms.dossier_for_editor(request, dossier_id)
    if dossier.state != DossierState.BROUILLON:
        return dossier, redirect("procedures:dossier", dossier_id=dossier.pk)
    return dossier, None


@require_http_methods(["GET", "POST"])
def section_page(request, dossier_id, section_key):
    dossier, elsewhere = _draft_or_redirect(request, dossier_id)
    if elsewhere:
        return elsewhere
    version_definition = dossier.procedure_version.definition
    current = defn.section(version_definition, section_key)
    if current is None:
        raise Http404
    if request.method == "POST":
        values = defn.raw_values(version_definition, section_key, request.POST)
        shown = set(defn.build_section_form(version_definition, section_key, dossier.answers).fields)
        try:
            dossier = drafts.save_answers(
                dossier_id=dossier.pk,
                values=values,
                actor=request.user,
                expected_lock_version=_int(request.POST.get("lock_version")),
            )
        except Conflict as exc:
            return _render_section(
                request, dossier, current, data=request.POST, conflict=exc.message, status=409
            )
        if request.headers.get("X-Autosave"):
            return JsonResponse({"enregistre": True, "lock_version": dossier.lock_version})
        if request.POST.get("action") != "next":
            messages.success(request, _("Brouillon enregistré. Vous pouvez revenir plus tard."))
            return redirect("procedures:section", dossier_id=dossier.pk, section_key=section_key)
        form = defn.build_section_form(version_definition, section_key, dossier.answers, data=dossier.answers)
        # Only questions that the new answers revealed; an unanswered radio is absent from the POST too.
        appeared = set(form.fields) - shown
        if appeared:
            messages.info(
                request, _("Selon vos réponses, de nouvelles questions sont apparues : complétez-les.")
            )
            return redirect("procedures:section", dossier_id=dossier.pk, section_key=section_key)
        if form.is_valid():
            return redirect(_next_step_url(dossier, section_key))
        return _render_section(request, dossier, current, form=form)
    return _render_section(request, dossier, current)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _render_section(request, dossier, current, *, form=None, data=None, conflict=None, status=200):
    version_definition = dossier.procedure_version.definition
    if form is None:
        form = defn.build_section_form(version_definition, current["key"], dossier.answers, data=data)
    return render(
        request,
        "procedures/section.html",
        {
            "dossier": dossier,
            "section": current,
            "form": form,
            "steps": _steps(dossier),
            "current_step": current["key"],
            "conflict": conflict,
            "has_conditions": any(f.get("show_if") for f in current.get("fields", [])),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def documents(request, dossier_id):
    dossier = perms.dossier_for_editor(request, dossier_id)
    editable = dossier.state in (DossierState.BROUILLON, DossierState.A_COMPLETER)
    form = UploadForm()
    error_slot = None
    if request.method == "POST" and editable and "later_slot" in request.POST:
        try:
            drafts.bring_later(
                dossier_id=dossier.pk,
                slot_key=request.POST["later_slot"],
                how=request.POST.get("how", ""),
                actor=request.user,
            )
        except InvalidInput as exc:
            messages.error(request, exc.message)
        else:
            if request.POST.get("how"):
                messages.success(
                    request, _("C'est noté : vous pourrez déposer votre demande sans ce papier.")
                )
        return redirect("procedures:documents", dossier_id=dossier.pk)
    if request.method == "POST" and editable:
        form = UploadForm(request.POST, request.FILES)
        slot = request.POST.get("slot", "")
        if form.is_valid():
            try:
                drafts.add_attachment(
                    dossier_id=dossier.pk,
                    slot_key=slot,
                    uploaded_file=form.cleaned_data["file"],
                    actor=request.user,
                    channel=acting_channel(request, dossier),
                )
            except InvalidInput as exc:
                form.add_error("file", exc.message)
            else:
                messages.success(request, _("Fichier ajouté : %s.") % form.cleaned_data["file"].name)
                return redirect("procedures:documents", dossier_id=dossier.pk)
        error_slot = slot
    attachments = list(dossier.attachments.all())
    hows = dict(PieceLater.choices)
    slots = [
        {
            "slot": slot,
            "files": [a for a in attachments if a.slot == slot.key],
            "later": hows.get(dossier.pieces_later.get(slot.key, "")),
        }
        for slot in defn.slots(dossier.procedure_version.definition)
    ]
    return render(
        request,
        "procedures/documents.html",
        {
            "dossier": dossier,
            "slots": slots,
            "form": form,
            "error_slot": error_slot,
            "editable": editable,
            "later_choices": PieceLater.choices,
            "steps": _steps(dossier),
            "current_step": "pieces",
        },
        status=400 if error_slot else 200,
    )


@require_POST
def remove_document(request, dossier_id, attachment_id):
    dossier = perms.dossier_for_editor(request, dossier_id)
    attachment = get_object_or_404(dossier.attachments, pk=attachment_id)
    drafts.remove_attachment(attachment=attachment, actor=request.user)
    messages.success(request, _("Fichier retiré."))
    return redirect("procedures:documents", dossier_id=dossier.pk)


def download_document(request, dossier_id, attachment_id):
    dossier = perms.dossier_for_editor(request, dossier_id)
    attachment = get_object_or_404(dossier.attachments, pk=attachment_id)
    return uploaded_file_response(
        attachment.file, name=attachment.original_name, content_type=attachment.content_type
    )


@require_http_methods(["GET", "POST"])
def contact(request, dossier_id):
    dossier, elsewhere = _draft_or_redirect(request, dossier_id)
    if elsewhere:
        return elsewhere
    initial = {
        "contact_name": dossier.contact_name,
        "notify_by": dossier.notify_by,
        "contact_email": dossier.contact_email,
        "contact_phone": dossier.contact_phone,
        "contact_address": dossier.contact_address,
    }
    form = ContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        errors = drafts.set_contact(dossier_id=dossier.pk, actor=request.user, **form.cleaned_data)
        for field, message in errors.items():
            form.add_error(field, message)
        if not errors:
            return redirect(_next_step_url(dossier, "contact"))
    return render(
        request,
        "procedures/contact.html",
        {"dossier": dossier, "form": form, "steps": _steps(dossier), "current_step": "contact"},
    )


def _answers_for_display(dossier: Dossier, only_visible=True):
    version_definition = dossier.procedure_version.definition
    return [
        {
            "section": s,
            "rows": [
                (f["label"], defn.display_value(f, dossier.answers.get(f["key"], "")))
                for f in s.get("fields", [])
                if f["type"] != "file" and (not only_visible or defn.is_visible(f, dossier.answers))
            ],
        }
        for s in defn.sections(version_definition)
    ]


@require_http_methods(["GET", "POST"])
def review(request, dossier_id):
    dossier = perms.dossier_for_editor(request, dossier_id)
    if dossier.state != DossierState.BROUILLON:
        return redirect("procedures:dossier", dossier_id=dossier.pk)
    if request.method == "POST":
        try:
            dossier = transitions.submit_dossier(
                dossier_id=dossier.pk, actor=request.user, channel=acting_channel(request, dossier)
            )
        except InvalidInput as exc:
            messages.error(request, exc.message)
        else:
            return redirect("procedures:receipt", dossier_id=dossier.pk)
    problems = transitions.submission_problems(dossier)
    step_urls = {step["key"]: step["url"] for step in _steps(dossier)}
    return render(
        request,
        "procedures/review.html",
        {
            "dossier": dossier,
            "answers": _answers_for_display(dossier),
            "attachments": dossier.attachments.all(),
            "later": [
                (
                    defn.field_label(dossier.procedure_version.definition, key),
                    PieceLater(dossier.pieces_later[key]).label,
                )
                for key in transitions.pieces_brought_later(dossier)
            ],
            "problems": [(step_urls.get(place, ""), label, message) for place, label, message in problems],
            "steps": _steps(dossier),
            "current_step": "recap",
        },
    )
