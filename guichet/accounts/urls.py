from django.contrib.auth import views as auth_views
from django.urls import path

from guichet.accounts import views, views_homes, views_privacy

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("mot-de-passe/oubli/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "mot-de-passe/oubli/envoye/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/termine/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("double-authentification/activer/", views.otp_setup, name="otp_setup"),
    path("double-authentification/verifier/", views.otp_verify, name="otp_verify"),
    path("mon-compte/", views.my_account, name="my_account"),
    path("mon-compte/mes-donnees.json", views_privacy.my_data, name="my_data"),
    path("mon-compte/effacer/", views_privacy.erase_account, name="erase_account"),
    path("accueil/", views.home, name="home"),
    path("espace/agent/", views_homes.home_agent, name="home_agent"),
    path("espace/aidant/", views_homes.home_aidant, name="home_aidant"),
    path("espace/responsable/", views_homes.home_responsable, name="home_responsable"),
    path("espace/analyste/", views_homes.home_analyste, name="home_analyste"),
    path(
        "espace/responsable/<uuid:organisation_id>/jetons/",
        views_homes.api_token_create,
        name="api_token_create",
    ),
    path(
        "espace/responsable/<uuid:organisation_id>/jetons/<uuid:token_id>/revoquer/",
        views_homes.api_token_revoke,
        name="api_token_revoke",
    ),
]
