from django.urls import path

from guichet.places import views

app_name = "places"

urlpatterns = [
    path("lieux/", views.search, name="search"),
    path("lieux/<uuid:place_id>/", views.detail, name="detail"),
    path("lieux/export/lieux-<str:name>", views.export, name="export"),
    path("lieux/<uuid:place_id>/orienter/", views.refer, name="refer"),
    path("lieux/<uuid:place_id>/modifier/", views.edit, name="edit"),
    path("orientations/", views.referral_list, name="referrals"),
    path("orientations/<uuid:referral_id>/<slug:action>/", views.referral_action, name="referral_action"),
    path("gestion/lieux/importer/", views.import_file, name="import"),
    path("gestion/lieux/doublons/", views.duplicates, name="duplicates"),
]
