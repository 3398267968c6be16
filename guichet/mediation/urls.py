from django.urls import path

from guichet.mediation import views, views_reports

app_name = "mediation"

urlpatterns = [
    path("", views.home, name="home"),
    path("personnes/", views.people, name="people"),
    path("personnes/nouvelle/", views.register_person, name="register_person"),
    path("personnes/<uuid:person_id>/", views.person_detail, name="person"),
    path("personnes/<uuid:person_id>/accompagnement/", views.record_session, name="record_session"),
    path("personnes/<uuid:person_id>/diagnostic/", views.run_diagnostic, name="run_diagnostic"),
    path("diagnostics/<uuid:diagnostic_id>/", views.diagnostic_result, name="diagnostic"),
    path("mes-diagnostics/", views.my_diagnostics, name="my_diagnostics"),
    path("rapports/", views_reports.reports, name="reports"),
    path("rapports/<uuid:organisation_id>/", views_reports.report, name="report"),
    path("rapports/<uuid:organisation_id>/accompagnements.csv", views_reports.report_csv, name="report_csv"),
    path("chiffres/", views_reports.overview, name="overview"),
]
