"""Activity reports: the responsable's, with charts and CSV; the analysts' aggregated, nameless one."""

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from guichet.accounts.decorators import role_required
from guichet.accounts.models import Role, User
from guichet.mediation import perms
from guichet.mediation.charts import bar_chart
from guichet.mediation.forms import ReportFilterForm
from guichet.mediation.reports import Period, activity_report, sessions_csv


def _period_and_aidant(form: ReportFilterForm) -> tuple[Period, str | None]:
    today = timezone.localdate()
    default = Period.month(today.year, today.month)
    if not form.is_valid():
        return default, None
    data = form.cleaned_data
    if data.get("du") and data.get("au"):
        period = Period(data["du"], data["au"])
    elif data.get("mois"):
        period = Period.month(data["mois"].year, data["mois"].month)
    else:
        period = default
    return period, data.get("aidant") or None


def _charts(report) -> dict:
    return {
        "themes": bar_chart([(label, total) for _code, label, total in report.by_theme]),
        "channels": bar_chart([(label, total) for _code, label, total in report.by_channel]),
        "months": bar_chart([(row["label"], row["sessions"]) for row in report.by_month]),
    }


def _aidants_of(organisation):
    return User.objects.filter(
        memberships__organisation=organisation, memberships__role=Role.AIDANT
    ).order_by("last_name", "first_name")


@role_required(Role.RESPONSABLE)
def reports(request):
    organisations = perms.reportable_organisations(request.user)
    if len(organisations) == 1:
        return redirect("mediation:report", organisation_id=organisations[0].pk)
    return render(request, "mediation/reports_index.html", {"organisations": organisations})


@role_required(Role.RESPONSABLE)
def report(request, organisation_id):
    organisation = perms.report_organisation_for(request.user, organisation_id)
    aidants = _aidants_of(organisation)
    form = ReportFilterForm(request.GET or None, aidants=aidants)
    period, aidant_id = _period_and_aidant(form)
    result = activity_report(organisation_ids=[organisation.pk], period=period, aidant_id=aidant_id)
    return render(
        request,
        "mediation/report.html",
        {
            "organisation": organisation,
            "form": form,
            "report": result,
            "charts": _charts(result),
            "query": request.GET.urlencode(),
        },
    )


@role_required(Role.RESPONSABLE)
def report_csv(request, organisation_id):
    organisation = perms.report_organisation_for(request.user, organisation_id)
    form = ReportFilterForm(request.GET or None, aidants=_aidants_of(organisation))
    period, aidant_id = _period_and_aidant(form)
    content = sessions_csv(organisation_ids=[organisation.pk], period=period, aidant_id=aidant_id)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="accompagnements-{period.start:%Y%m%d}-{period.end:%Y%m%d}.csv"'
    )
    return response


@role_required(Role.ANALYSTE)
def overview(request):
    form = ReportFilterForm(request.GET or None)
    period, _aidant = _period_and_aidant(form)
    result = activity_report(organisation_ids=None, period=period, nominative=False)
    return render(
        request,
        "mediation/overview.html",
        {"form": form, "report": result, "charts": _charts(result)},
    )
