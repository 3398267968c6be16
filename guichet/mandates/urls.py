from django.urls import path

from guichet.mandates import (
    views_aidant,
    views_consent,
    views_representations,
    views_responsable,
    views_usager,
)

app_name = "mandates"

urlpatterns = [
    path("gestion/aidants/", views_responsable.aidants, name="aidants"),
    path("gestion/aidants/<uuid:organisation_id>/habiliter/", views_responsable.enrol, name="enrol"),
    path(
        "gestion/aidants/habilitations/<uuid:habilitation_id>/suspendre/",
        views_responsable.suspend,
        name="suspend",
    ),
    path(
        "gestion/aidants/habilitations/<uuid:habilitation_id>/retablir/",
        views_responsable.reactivate,
        name="reactivate",
    ),
    path(
        "gestion/aidants/habilitations/<uuid:habilitation_id>/attestation/",
        views_responsable.attestation,
        name="attestation",
    ),
    path(
        "gestion/mandats/<uuid:mandate_id>/revoquer/",
        views_responsable.responsable_revoke,
        name="responsable_revoke",
    ),
    path("mandats/", views_aidant.mandate_list, name="mandates"),
    path("mandats/agir/", views_aidant.act_person, name="act_person"),
    path("mandats/personnes/nouvelle/", views_aidant.new_person, name="new_person"),
    path("mandats/personnes/<uuid:person_id>/", views_aidant.person, name="person"),
    path("mandats/personnes/<uuid:person_id>/nouveau-mandat/", views_aidant.new_mandate, name="new_mandate"),
    path("mandats/revoquer/", views_usager.revoke_with_code, name="revoke_with_code"),
    path("mandats/<uuid:mandate_id>/", views_aidant.mandate_page, name="mandate"),
    path("mandats/<uuid:mandate_id>/suivi/", views_usager.mandate_followup, name="mandate_followup"),
    path("mandats/<uuid:mandate_id>/resume.pdf", views_aidant.summary_pdf, name="summary_pdf"),
    path("mandats/<uuid:mandate_id>/mandat.pdf", views_aidant.mandate_pdf, name="mandate_pdf"),
    path(
        "mandats/<uuid:mandate_id>/consentement/ecran/", views_consent.consent_screen, name="consent_screen"
    ),
    path("mandats/<uuid:mandate_id>/consentement/papier/", views_consent.consent_paper, name="consent_paper"),
    path("mandats/<uuid:mandate_id>/consentement/sms/", views_consent.send_code, name="send_code"),
    path("mandats/<uuid:mandate_id>/consentement/sms/code/", views_consent.confirm_code, name="confirm_code"),
    path("mandats/<uuid:mandate_id>/revoquer/", views_aidant.aidant_revoke, name="aidant_revoke"),
    path("mandats/<uuid:mandate_id>/renouveler/", views_aidant.renew, name="renew"),
    path(
        "mandats/<uuid:mandate_id>/demarches/<uuid:procedure_id>/commencer/",
        views_aidant.act_start,
        name="act_start",
    ),
    path(
        "mandats/<uuid:mandate_id>/dossiers/<uuid:dossier_id>/reprendre/",
        views_aidant.act_continue,
        name="act_continue",
    ),
    path("qui-a-agi-pour-moi/", views_usager.who_acted, name="who_acted"),
    path("qui-a-agi-pour-moi/<uuid:mandate_id>/revoquer/", views_usager.usager_revoke, name="usager_revoke"),
    path("mes-representations/", views_representations.representation_list, name="representations"),
    path(
        "mes-representations/<uuid:representation_id>/commencer/",
        views_representations.representation_start,
        name="representation_start",
    ),
    path(
        "mes-representations/<uuid:representation_id>/arreter/",
        views_representations.representation_end,
        name="representation_end",
    ),
    path(
        "instruction/representations/",
        views_representations.representations_to_check,
        name="representations_to_check",
    ),
    path(
        "instruction/representations/<uuid:representation_id>/justificatif/",
        views_representations.representation_proof,
        name="representation_proof",
    ),
    path(
        "instruction/representations/<uuid:representation_id>/verifier/",
        views_representations.representation_verify,
        name="representation_verify",
    ),
    path(
        "instruction/representations/<uuid:representation_id>/refuser/",
        views_representations.representation_refuse,
        name="representation_refuse",
    ),
]
