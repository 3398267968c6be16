from django.urls import path

from guichet.core import views
from guichet.core.notifications import views as notification_views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("mentions-legales/", views.legal, name="legal"),
    path("j-ai-fini/", views.clear_traces, name="clear_traces"),
    path(
        "notifications/accuses/brevo/<str:token>/", notification_views.brevo_receipt, name="sms_receipt_brevo"
    ),
    path("notifications/accuses/ovh/<str:token>/", notification_views.ovh_receipt, name="sms_receipt_ovh"),
    path("healthz", views.healthz, name="healthz"),
]
