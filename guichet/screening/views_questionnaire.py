"""The questionnaire's pages, for a person alone or an aidant with them. Works without JavaScript."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from guichet.core import session_secrets
from guichet.core.exceptions import InvalidInput
from guichet.procedures import perms as procedure_perms
from guichet.procedures.perms import remember_code
from guichet.screening import pages, perms, summary
from guichet.screening.forms_questionnaire import ReopenForm
from guichet.screening.models import Questionnaire
from guichet.screening.selectors import questionnaires_of
from guichet.screening.services import next_steps
from guichet.screening.services import questionnaire as service


def home(request):
    reachable = Questionnaire.objects.filter(pk__in=perms.session_questionnaire_ids(request))
    if request.user.is_authenticated:
        reachable = reachable | questionnaires_of(request.user)
    return render(
        request,
        "screening/home.html",
        {
            "questionnaires": reachable.distinct().order_by("-updated_at")[:10],
            "can_help": perms.aidant_organisation(request.user) is not None,
        },
    )


@require_POST
def start(request):
    user = request.user if request.user.is_authenticated else None
    if request.POST.get("pour") == "personne":
        organisation = perms.aidant_organisation(request.user)
        if organisation is None:
            raise PermissionDenied
        questionnaire = service.start_questionnaire(aidant=user, organisation=organisation)
    else:
        questionnaire = service.start_questionnaire(usager=user)
    perms.remember(request, questionnaire)
    return redirect("screening:page", questionnaire_id=questionnaire.pk, page_key=pages.HOUSEHOLD)


def _steps(questionnaire: Questionnaire, current_key: str) -> list[dict]:
    return [
        {"key": p.key, "title": p.title, "current": p.key == current_key}
        for p in pages.pages(questionnaire.answers)
    ]


@require_http_methods(["GET", "POST"])
def page(request, questionnaire_id, page_key):
    questionnaire = perms.questionnaire_for(request, questionnaire_id)
    current = pages.page(questionnaire.answers, page_key)
    if current is None:
        raise Http404
    form = pages.build_form(current, questionnaire.answers, bound=False)
    if request.method == "POST":
        values = {key: request.POST.get(key, "") for key in current.form_class.base_fields}
        questionnaire = service.save_page(questionnaire_id=questionnaire.pk, page_key=page_key, values=values)
        if request.POST.get("action") != "next":
            messages.success(request, _("Réponses enregistrées. Vous pouvez revenir plus tard avec ce lien."))
            return redirect("screening:page", questionnaire_id=questionnaire.pk, page_key=page_key)
        form = pages.build_form(current, questionnaire.answers, bound=True)
        if form.is_valid():
            following = pages.next_page(questionnaire.answers, page_key)
            if following is not None:
                return redirect("screening:page", questionnaire_id=questionnaire.pk, page_key=following.key)
            return redirect("screening:results", questionnaire_id=questionnaire.pk)
    return render(
        request,
        "screening/page.html",
        {
            "questionnaire": questionnaire,
            "current": current,
            "form": form,
            "steps": _steps(questionnaire, page_key),
            "is_last": pages.next_page(questionnaire.answers, page_key) is None,
            "reopen_code": reopen_code(request, questionnaire),
            "retention_days": settings.SCREENING_RETENTION_DAYS,
        },
    )


def _computed(request, questionnaire: Questionnaire):
    """The questionnaire with its result, or a redirect to the first page left to complete."""
    if questionnaire.result:
        return questionnaire, None
    missing = pages.first_invalid(questionnaire.answers)
    if missing is not None:
        messages.info(request, _("Il reste des questions à compléter avant de voir les résultats."))
        return questionnaire, redirect(
            "screening:page", questionnaire_id=questionnaire.pk, page_key=missing.key
        )
    return service.compute_rights(questionnaire_id=questionnaire.pk, actor=request.user), None


def results(request, questionnaire_id):
    questionnaire, elsewhere = _computed(request, perms.questionnaire_for(request, questionnaire_id))
    if elsewhere:
        return elsewhere
    if request.user.is_authenticated and not perms.aidant_organisation(request.user):
        service.attach_to_usager(questionnaire=questionnaire, user=request.user)
    context = summary.context(questionnaire)
    context["reopen_code"] = reopen_code(request, questionnaire)
    context["retention_days"] = settings.SCREENING_RETENTION_DAYS
    return render(request, "screening/results.html", context)


def results_pdf(request, questionnaire_id):
    questionnaire, elsewhere = _computed(request, perms.questionnaire_for(request, questionnaire_id))
    if elsewhere:
        return elsewhere
    response = HttpResponse(summary.pdf(questionnaire), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="simulation-de-droits.pdf"'
    return response


@require_POST
def start_procedure(request, questionnaire_id, slug):
    questionnaire = perms.questionnaire_for(request, questionnaire_id)
    try:
        started = next_steps.start_matching_procedure(
            questionnaire=questionnaire, slug=slug, actor=request.user
        )
    except InvalidInput as exc:
        messages.error(request, exc.message)
        return redirect("screening:results", questionnaire_id=questionnaire.pk)
    procedure_perms.grant_followup(request, started.dossier)
    remember_code(request, started.dossier, started.followup_code)
    return redirect("procedures:started", dossier_id=started.dossier.pk)


@require_POST
def delete(request, questionnaire_id):
    questionnaire = perms.questionnaire_for(request, questionnaire_id)
    service.delete_questionnaire(questionnaire=questionnaire)
    messages.success(request, _("La simulation et toutes ses réponses ont été supprimées."))
    return redirect("screening:home")


CODES_SESSION_KEY = "guichet_codes_simulations"


@require_POST
def give_code(request, questionnaire_id):
    """A number and code to reopen the simulation elsewhere; shown on the page it was asked from."""
    questionnaire = perms.questionnaire_for(request, questionnaire_id)
    reference, code = service.give_reopen_code(questionnaire_id=questionnaire.pk)
    session_secrets.keep(request.session, CODES_SESSION_KEY, str(questionnaire.pk), code)
    back = request.POST.get("depuis", "")
    if back and pages.page(questionnaire.answers, back) is not None:
        return redirect(reverse("screening:page", args=[questionnaire.pk, back]) + "#code-simulation")
    return redirect(reverse("screening:results", args=[questionnaire.pk]) + "#code-simulation")


def reopen_code(request, questionnaire: Questionnaire) -> str | None:
    return session_secrets.recall(request.session, CODES_SESSION_KEY, str(questionnaire.pk))


@require_http_methods(["GET", "POST"])
def reopen(request):
    """Another device, another browser: the simulation's number and code open it again."""
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire = service.reopen(**form.cleaned_data)
        except InvalidInput as exc:
            form.add_error(None, exc.message)
        else:
            perms.remember(request, questionnaire)
            if questionnaire.result:
                return redirect("screening:results", questionnaire_id=questionnaire.pk)
            missing = pages.first_invalid(questionnaire.answers) or pages.page(
                questionnaire.answers, pages.HOUSEHOLD
            )
            return redirect("screening:page", questionnaire_id=questionnaire.pk, page_key=missing.key)
    return render(request, "screening/reopen.html", {"form": form})
