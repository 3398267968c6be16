from django.urls import path

from guichet.screening import views_caseload, views_questionnaire

app_name = "screening"

urlpatterns = [
    path("droits/", views_questionnaire.home, name="home"),
    path("droits/commencer/", views_questionnaire.start, name="start"),
    path("droits/retrouver/", views_questionnaire.reopen, name="reopen"),
    path("droits/foyers/", views_caseload.caseload_list, name="caseloads"),
    path("droits/foyers/<uuid:caseload_id>/", views_caseload.caseload_detail, name="caseload"),
    path(
        "droits/foyers/<uuid:caseload_id>/erreurs.csv", views_caseload.caseload_errors, name="caseload_errors"
    ),
    path(
        "droits/foyers/<uuid:caseload_id>/resultats.csv",
        views_caseload.caseload_results,
        name="caseload_results",
    ),
    path(
        "droits/foyers/<uuid:caseload_id>/foyer/<uuid:household_id>/",
        views_caseload.household_detail,
        name="household",
    ),
    path("droits/<uuid:questionnaire_id>/resultats/", views_questionnaire.results, name="results"),
    path("droits/<uuid:questionnaire_id>/resume.pdf", views_questionnaire.results_pdf, name="results_pdf"),
    path(
        "droits/<uuid:questionnaire_id>/demarche/<slug:slug>/",
        views_questionnaire.start_procedure,
        name="start_procedure",
    ),
    path("droits/<uuid:questionnaire_id>/code/", views_questionnaire.give_code, name="give_code"),
    path("droits/<uuid:questionnaire_id>/supprimer/", views_questionnaire.delete, name="delete"),
    path("droits/<uuid:questionnaire_id>/<slug:page_key>/", views_questionnaire.page, name="page"),
]
