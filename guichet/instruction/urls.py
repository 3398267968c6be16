from django.urls import path

from guichet.instruction import views, views_manage

app_name = "instruction"

urlpatterns = [
    path(
        "instruction/dossiers/<uuid:dossier_id>/equipe/<slug:action>/",
        views.dossier_team,
        name="dossier_team",
    ),
    path(
        "gestion/demarches/<uuid:procedure_id>/groupes/",
        views_manage.procedure_groups,
        name="procedure_groups",
    ),
    path("gestion/groupes/<uuid:group_id>/", views_manage.group_page, name="group"),
    path(
        "gestion/demarches/<uuid:procedure_id>/reponses-types/",
        views_manage.procedure_replies,
        name="procedure_replies",
    ),
    path("gestion/reponses-types/<uuid:reply_id>/supprimer/", views_manage.remove_reply, name="remove_reply"),
    path("gestion/regles/<uuid:rule_id>/supprimer/", views_manage.remove_rule, name="remove_rule"),
]
