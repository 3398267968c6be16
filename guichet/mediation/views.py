"""The aidants' workspace: today's people, a person's page, recording a session, the diagnostic."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from guichet.accounts.decorators import role_required
from guichet.accounts.models import Role
from guichet.core.exceptions import InvalidInput
from guichet.mediation import diagnostic as diag
from guichet.mediation import perms, selectors, services
from guichet.mediation.forms import DiagnosticForm, RegisterPersonForm, SessionForm
from guichet.places import selectors as places_selectors


@role_required(Role.AIDANT)
def home(request):
    organisations = perms.aidant_organisations(request.user)
    places = list(places_selectors.places_of_organisations([o.pk for o in organisations]))
    wanted = request.GET.get("lieu", "")
    place_id = next((p.pk for p in places if str(p.pk) == wanted), None)
    return render(
        request,
        "mediation/home.html",
        {
            "organisations": organisations,
            "people_today": selectors.people_today(organisations) if organisations else [],
            "recent_sessions": selectors.recent_sessions(organisations, place_id=place_id)
            if organisations
            else [],
            "places": places,
            "chosen_place": place_id,
            "expiring_mandates": selectors.expiring_mandates(organisations),
        },
    )


@role_required(Role.AIDANT)
def people(request):
    organisations = perms.aidant_organisations(request.user)
    query = request.GET.get("q", "").strip()[:100]
    found = selectors.search_people(organisations, query)[:50] if organisations else []
    return render(
        request, "mediation/people.html", {"people": found, "query": query, "organisations": organisations}
    )


@role_required(Role.AIDANT)
@require_http_methods(["GET", "POST"])
def register_person(request):
    organisations = perms.aidant_organisations(request.user)
    form = RegisterPersonForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and organisations and form.is_valid():
        try:
            person = services.register_person(
                aidant=request.user,
                organisation=form.chosen_organisation(),
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                birth_date=form.cleaned_data["birth_date"],
                phone=form.cleaned_data["phone"],
            )
        except InvalidInput as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("%s est enregistré(e).") % person)
            return redirect("mediation:person", person_id=person.pk)
    return render(request, "mediation/register_person.html", {"form": form, "organisations": organisations})


@role_required(Role.AIDANT)
def person_detail(request, person_id):
    person, organisations = perms.person_for_aidant(request.user, person_id)
    return render(
        request,
        "mediation/person.html",
        {
            "person": person,
            "organisations": organisations,
            "sessions": selectors.sessions_of(person, organisations),
            "mandates": selectors.valid_mandates_of(person, organisations),
            "history": selectors.diagnostic_history(person, organisations),
        },
    )


@role_required(Role.AIDANT)
@require_http_methods(["GET", "POST"])
def record_session(request, person_id):
    person, organisations = perms.person_for_aidant(request.user, person_id)
    places = list(places_selectors.places_of_organisations([o.pk for o in organisations]))
    form = SessionForm(request.POST or None, organisations=organisations, places=places)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_session(
                aidant=request.user,
                organisation=form.chosen_organisation(),
                person=person,
                happened_on=data["happened_on"],
                themes=data["themes"],
                channel=data["channel"],
                minutes=data["minutes"],
                outcome=data["outcome"],
                note=data["note"],
                place_id=data.get("place") or None,
            )
        except InvalidInput as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("L'accompagnement est enregistré."))
            return redirect("mediation:person", person_id=person.pk)
    return render(request, "mediation/session_form.html", {"form": form, "person": person})


@role_required(Role.AIDANT)
@require_http_methods(["GET", "POST"])
def run_diagnostic(request, person_id):
    person, organisations = perms.person_for_aidant(request.user, person_id)
    form = DiagnosticForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.record_diagnostic(
                aidant=request.user,
                organisation=form.chosen_organisation(),
                person=person,
                answers=form.answers(),
            )
        except InvalidInput as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("mediation:diagnostic", diagnostic_id=result.pk)
    return render(request, "mediation/diagnostic_form.html", {"form": form, "person": person})


@login_required
def diagnostic_result(request, diagnostic_id):
    result = perms.diagnostic_for_viewer(request.user, diagnostic_id)
    is_own = result.person_id == request.user.pk
    history = selectors.diagnostic_history(
        result.person, None if is_own else perms.aidant_organisations(request.user)
    )
    return render(
        request,
        "mediation/diagnostic_result.html",
        {
            "result": result,
            "step": next(step for step in history if step.diagnostic.pk == result.pk),
            "autonomies": selectors.answered_questions(result),
            "is_own": is_own,
            "levels": [(low, str(label)) for low, _code, label in diag.LEVELS],
        },
    )


@login_required
def my_diagnostics(request):
    return render(
        request,
        "mediation/my_diagnostics.html",
        {"history": selectors.diagnostic_history(request.user)},
    )
