from django.urls import path

from guichet.appointments import views

app_name = "appointments"

urlpatterns = [
    path("rendez-vous/lieu/<uuid:place_id>/", views.place_motifs, name="place"),
    path("rendez-vous/motif/<uuid:motif_id>/", views.motif_slots, name="slots"),
    path("rendez-vous/motif/<uuid:motif_id>/reserver/", views.book, name="book"),
    path("rendez-vous/gerer/", views.find, name="find"),
    path("rendez-vous/<str:reference>/", views.booking, name="booking"),
    path("rendez-vous/<str:reference>/agenda.ics", views.calendar_file, name="ics"),
    path("rendez-vous/<str:reference>/annuler/", views.cancel, name="cancel"),
]
