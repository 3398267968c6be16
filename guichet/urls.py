from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from guichet.api import api

handler403 = "guichet.core.views.error_403"
handler404 = "guichet.core.views.error_404"
handler500 = "guichet.core.views.error_500"

urlpatterns = [
    path("", include("guichet.core.urls")),
    path("comptes/", include("guichet.accounts.urls")),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("", include("guichet.instruction.urls")),  # before procedures: « gestion/demarches/<id>/groupes/ »
    path("", include("guichet.procedures.urls")),
    path("", include("guichet.mandates.urls")),
    path("mediation/", include("guichet.mediation.urls")),
    path("", include("guichet.screening.urls")),
    path("", include("guichet.places.urls")),
    path("", include("guichet.appointments.urls")),
    path("api/v1/", api.urls),
    path(settings.ADMIN_URL, admin.site.urls),
]
