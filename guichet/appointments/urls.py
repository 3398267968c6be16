from django.urls import path

from guichet.appointments import views, views_agent, views_aidant, views_fair, views_manage

app_name = "appointments"

urlpatterns = [
    path("rendez-vous/lieu/<uuid:place_id>/", views.place_motifs, name="place"),
    path("rendez-vous/motif/<uuid:motif_id>/", views.motif_slots, name="slots"),
    path("rendez-vous/motif/<uuid:motif_id>/reserver/", views.book, name="book"),
    path("rendez-vous/gerer/", views.find, name="find"),
    path("rendez-vous/defi/", views_fair.challenge, name="challenge"),
    path("rendez-vous/motif/<uuid:motif_id>/demande/", views_fair.request_form, name="request"),
    path("rendez-vous/demande/<str:reference>/", views_fair.request_status, name="request_status"),
    path("rendez-vous/demande/<str:reference>/reponse/", views_fair.answer_offer, name="answer_offer"),
    path("rendez-vous/tirages/<uuid:draw_id>/", views_fair.public_draw, name="draw"),
    path("rendez-vous/tirages/<uuid:draw_id>/resultats.csv", views_fair.public_draw_csv, name="draw_csv"),
    path("agent/rendez-vous/", views_agent.agenda, name="agenda"),
    path("agent/rendez-vous/nouveau/", views_agent.book_for_caller, name="book_for_caller"),
    path("agent/rendez-vous/<uuid:booking_id>/issue/", views_agent.outcome, name="outcome"),
    path(
        "agent/rendez-vous/demandes/<uuid:request_id>/accepter/",
        views_agent.accept_for_caller,
        name="accept_for_caller",
    ),
    path("agent/rendez-vous/agenda-en-ligne/", views_agent.calendar_link, name="calendar_link"),
    path("agenda/<str:token>.ics", views_agent.calendar_feed, name="feed"),
    path("gestion/rendez-vous/", views_manage.index, name="manage"),
    path(
        "gestion/rendez-vous/lieux/<uuid:place_id>/nouveau-motif/",
        views_manage.new_motif,
        name="manage_new_motif",
    ),
    path("gestion/rendez-vous/motifs/<uuid:motif_id>/", views_manage.motif, name="manage_motif"),
    path(
        "gestion/rendez-vous/ouvertures/<uuid:opening_id>/retirer/",
        views_manage.remove_opening,
        name="manage_remove_opening",
    ),
    path(
        "mandats/<uuid:mandate_id>/rendez-vous/", views_aidant.book_under_mandate, name="book_under_mandate"
    ),
    path("rendez-vous/<str:reference>/", views.booking, name="booking"),
    path("rendez-vous/<str:reference>/agenda.ics", views.calendar_file, name="ics"),
    path("rendez-vous/<str:reference>/annuler/", views.cancel, name="cancel"),
]
