from django.urls import path

from guichet.procedures import (
    views_agent,
    views_editor,
    views_folder,
    views_followup,
    views_letters,
    views_manage,
    views_receipts,
    views_usager,
)

app_name = "procedures"

urlpatterns = [
    path("demarches/", views_usager.catalogue, name="catalogue"),
    path("demarches/<slug:slug>/", views_usager.procedure_detail, name="procedure"),
    path("demarches/<slug:slug>/commencer/", views_usager.start, name="start"),
    path("suivi/", views_followup.followup_form, name="followup"),
    path("mes-dossiers/", views_followup.my_dossiers, name="my_dossiers"),
    path("mon-dossier-personnel/", views_folder.personal_folder, name="personal_folder"),
    path("mon-dossier-personnel/<uuid:item_id>/supprimer/", views_folder.forget_item, name="forget_item"),
    path("dossiers/<uuid:dossier_id>/conserver/", views_folder.keep, name="keep"),
    path("dossiers/<uuid:dossier_id>/reprendre/", views_folder.reuse, name="reuse"),
    path("dossiers/<uuid:dossier_id>/", views_followup.dossier_page, name="dossier"),
    path("dossiers/<uuid:dossier_id>/commence/", views_usager.started, name="started"),
    path("dossiers/<uuid:dossier_id>/etape/<slug:section_key>/", views_usager.section_page, name="section"),
    path("dossiers/<uuid:dossier_id>/pieces/", views_usager.documents, name="documents"),
    path(
        "dossiers/<uuid:dossier_id>/pieces/<uuid:attachment_id>/",
        views_usager.download_document,
        name="download_document",
    ),
    path(
        "dossiers/<uuid:dossier_id>/pieces/<uuid:attachment_id>/retirer/",
        views_usager.remove_document,
        name="remove_document",
    ),
    path("dossiers/<uuid:dossier_id>/coordonnees/", views_usager.contact, name="contact"),
    path("dossiers/<uuid:dossier_id>/recapitulatif/", views_usager.review, name="review"),
    path("dossiers/<uuid:dossier_id>/accuse-de-reception/", views_receipts.receipt, name="receipt"),
    path(
        "dossiers/<uuid:dossier_id>/accuse-de-reception.pdf", views_receipts.receipt_pdf, name="receipt_pdf"
    ),
    path(
        "dossiers/<uuid:dossier_id>/accuses/<uuid:receipt_id>.pdf",
        views_receipts.issued_receipt_pdf,
        name="issued_receipt_pdf",
    ),
    path(
        "dossiers/<uuid:dossier_id>/fiche-de-suivi.pdf",
        views_receipts.followup_sheet_pdf,
        name="followup_sheet",
    ),
    path("dossiers/<uuid:dossier_id>/message/", views_followup.post_message, name="post_message"),
    path("dossiers/<uuid:dossier_id>/corriger/", views_followup.correct, name="correct"),
    path("dossiers/<uuid:dossier_id>/retirer/", views_followup.withdraw, name="withdraw"),
    path("instruction/", views_agent.queue, name="queue"),
    path("instruction/nouvelle-demande/", views_agent.new_request, name="new_request"),
    path("instruction/courriers/", views_letters.letter_queue, name="letters"),
    path("instruction/courriers/<uuid:notification_id>.pdf", views_letters.letter_pdf, name="letter_pdf"),
    path(
        "instruction/courriers/<uuid:notification_id>/poste/",
        views_letters.letter_posted,
        name="letter_posted",
    ),
    path("instruction/dossiers/<uuid:dossier_id>/", views_agent.dossier_detail, name="agent_dossier"),
    path(
        "instruction/dossiers/<uuid:dossier_id>/donnees-personne.json",
        views_agent.person_data,
        name="person_data",
    ),
    path(
        "instruction/dossiers/<uuid:dossier_id>/<slug:action>/",
        views_agent.dossier_action,
        name="agent_action",
    ),
    path("gestion/interruptions/", views_manage.outage_list, name="outages"),
    path("gestion/demarches/", views_editor.procedure_list, name="manage_procedures"),
    path("gestion/demarches/<uuid:procedure_id>/", views_editor.procedure_editor, name="editor"),
    path(
        "gestion/demarches/<uuid:procedure_id>/<slug:action>/",
        views_editor.editor_action,
        name="editor_action",
    ),
]
