from django.urls import path

from guichet.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("mentions-legales/", views.legal, name="legal"),
    path("j-ai-fini/", views.clear_traces, name="clear_traces"),
    path("healthz", views.healthz, name="healthz"),
]
