from django.urls import path

from guichet.appointments import views, views_agent, views_aidant

app_name = "appointments"

urlpatterns = [
    path("rendez-vous/lieu/<uuid:place_id>/", views.place_motifs, name="place"),
    path("rendez-vous/motif/<uuid:motif_id>/", views.motif_slots, name="slots"),
    path("rendez-vous/motif/<uuid:motif_id>/reserver/", views.book, name="book"),
    path("rendez-vous/gerer/", views.find, name="find"),
    path("agent/rendez-vous/", views_agent.agenda, name="agenda"),
    path("agent/rendez-vous/nouveau/", views_agent.book_for_caller, name="book_for_caller"),
    path("agent/rendez-vous/<uuid:booking_id>/issue/", views_agent.outcome, name="outcome"),
    path("agent/rendez-vous/agenda-en-ligne/", views_agent.calendar_link, name="calendar_link"),
    path("agenda/<str:token>.ics", views_agent.calendar_feed, name="feed"),
    path(
        "mandats/<uuid:mandate_id>/rendez-vous/", views_aidant.book_under_mandate, name="book_under_mandate"
    ),
    path("rendez-vous/<str:reference>/", views.booking, name="booking"),
    path("rendez-vous/<str:reference>/agenda.ics", views.calendar_file, name="ics"),
    path("rendez-vous/<str:reference>/annuler/", views.cancel, name="cancel"),
]
