"""What the procedures module holds about people: dossiers, attachments, messages, personal folders.

A dossier is an administrative record: once decided it is kept (detached from an erased account)
until its retention period, then pseudonymised; its number, procedure, states and dates stay for the
statistics and the journal.
"""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from guichet.core.privacy import RetentionResult
from guichet.core.privacy.services import cutoff
from guichet.procedures.models import (
    AnswerVersion,
    Attachment,
    CorrectionRequest,
    Dossier,
    DossierEvent,
    DossierState,
    FollowupFailure,
    Message,
    PersonalItem,
)
from guichet.procedures.services import folder

CLOSED_STATES = (
    DossierState.ACCEPTE,
    DossierState.REFUSE,
    DossierState.CLASSE_SANS_SUITE,
    DossierState.RETIRE,
)
OPEN_STATES = (DossierState.DEPOSE, DossierState.EN_INSTRUCTION, DossierState.A_COMPLETER)


def _delete_attachments(attachments) -> int:
    count = 0
    for attachment in attachments:
        attachment.file.delete(save=False)
        attachment.delete()
        count += 1
    return count


def _not_yet_pseudonymised():
    return ~Q(contact_name="") | ~Q(answers={}) | Q(usager__isnull=False) | ~Q(contact_email="")


def _pseudonymise(dossiers) -> int:
    ids = list(dossiers.values_list("pk", flat=True))
    _delete_attachments(Attachment.objects.filter(dossier_id__in=ids))
    AnswerVersion.objects.filter(dossier_id__in=ids).delete()
    Message.objects.filter(dossier_id__in=ids).delete()
    DossierEvent.objects.filter(dossier_id__in=ids).update(motive="")
    CorrectionRequest.objects.filter(dossier_id__in=ids).update(message="")
    Dossier.objects.filter(pk__in=ids).update(
        usager=None,
        contact_name="",
        contact_email="",
        contact_phone="",
        contact_address="",
        answers={},
        decision_motive="",
        followup_code_hash="",
    )
    return len(ids)


def retention(*, now, dry_run: bool) -> list[RetentionResult]:
    draft_days = settings.GUICHET_RETENTION_DRAFT_DAYS
    drafts = Dossier.objects.filter(state=DossierState.BROUILLON, updated_at__lt=cutoff(draft_days, now=now))
    closed = Dossier.objects.filter(state__in=CLOSED_STATES)
    attachment_days = settings.GUICHET_RETENTION_ATTACHMENT_DAYS
    attachments = Attachment.objects.filter(
        dossier__in=closed.filter(updated_at__lt=cutoff(attachment_days, now=now))
    )
    code_days = settings.GUICHET_RETENTION_FOLLOWUP_CODE_DAYS
    codes = closed.filter(updated_at__lt=cutoff(code_days, now=now)).exclude(followup_code_hash="")
    failures = FollowupFailure.objects.filter(
        at__lt=cutoff(settings.GUICHET_RETENTION_LOGIN_LOG_DAYS, now=now)
    )
    years = settings.GUICHET_RETENTION_CLOSED_DOSSIER_YEARS
    old_closed = closed.filter(updated_at__lt=now - datetime.timedelta(days=365 * years)).filter(
        _not_yet_pseudonymised()
    )
    results = [
        RetentionResult(
            _("Brouillons abandonnés"),
            _("sans modification depuis plus de %d jours") % draft_days,
            drafts.count(),
            _("supprimé(s) avec leurs pièces"),
        ),
        RetentionResult(
            _("Pièces justificatives des dossiers clos"),
            _("plus de %d jours après la clôture") % attachment_days,
            attachments.count(),
            _("supprimée(s)"),
        ),
        RetentionResult(
            _("Codes de suivi des dossiers clos"),
            _("plus de %d jours après la clôture") % code_days,
            codes.count(),
            _("effacé(s)"),
        ),
        RetentionResult(
            _("Essais de codes de suivi erronés"),
            _("plus de %d jours") % settings.GUICHET_RETENTION_LOGIN_LOG_DAYS,
            failures.count(),
            _("supprimé(s)"),
        ),
        RetentionResult(
            _("Dossiers clos"),
            _("plus de %d ans après la clôture (numéro, démarche, états et dates gardés)") % years,
            old_closed.count(),
            _("pseudonymisé(s)"),
        ),
        RetentionResult(
            _("Dossiers personnels (« Dites-le-nous une fois »)"),
            _("date de conservation acceptée par la personne passée"),
            folder.purge_expired(dry_run=True),
            _("supprimé(s)"),
        ),
    ]
    if not dry_run:
        for draft in drafts:
            _delete_attachments(draft.attachments.all())
        drafts.delete()
        _delete_attachments(attachments)
        codes.update(followup_code_hash="")
        failures.delete()
        _pseudonymise(old_closed)
        folder.purge_expired()
    return results


def export_dossier(dossier: Dossier) -> dict:
    definition = dossier.procedure_version.definition
    labels = {f["key"]: f["label"] for s in definition.get("sections", []) for f in s.get("fields", [])}
    return {
        "numero": dossier.number,
        "demarche": dossier.procedure.title,
        "organisation": dossier.organisation.name,
        "etat": dossier.get_state_display(),
        "canal": dossier.get_channel_display(),
        "commence_le": dossier.created_at.isoformat(),
        "recu_le": dossier.received_at.isoformat() if dossier.received_at else None,
        "decision_attendue_le": dossier.decision_due_on.isoformat() if dossier.decision_due_on else None,
        "decide_le": dossier.decided_at.isoformat() if dossier.decided_at else None,
        "motif_de_la_decision": dossier.decision_motive,
        "coordonnees": {
            "nom": dossier.contact_name,
            "adresse_electronique": dossier.contact_email,
            "telephone": dossier.contact_phone,
            "adresse_postale": dossier.contact_address,
            "etre_prevenu": dossier.get_notify_by_display(),
        },
        "reponses": {labels.get(key, key): value for key, value in dossier.answers.items()},
        "versions_des_reponses": [
            {"numero": v.number, "motif": v.reason, "date": v.created_at.isoformat(), "reponses": v.answers}
            for v in dossier.answer_versions.all()
        ],
        "pieces": [
            {
                "piece": a.slot,
                "nom_du_fichier": a.original_name,
                "type": a.content_type,
                "taille_octets": a.size,
                "empreinte_sha256": a.sha256,
                "deposee_le": a.uploaded_at.isoformat(),
            }
            for a in dossier.attachments.all()
        ],
        "messages": [
            {"date": m.created_at.isoformat(), "de_la_personne": m.from_usager, "texte": m.body}
            for m in dossier.messages.all()
        ],
        "demandes_de_complements": [
            {"date": c.requested_at.isoformat(), "message": c.message, "avant_le": c.due_on.isoformat()}
            for c in dossier.corrections.all()
        ],
        "historique": [
            {
                "date": e.at.isoformat(),
                "action": e.action,
                "de": e.from_state,
                "vers": e.to_state,
                "canal": e.channel,
            }
            for e in dossier.events.all()
        ],
    }


def _dossiers_of(person):
    return Dossier.objects.filter(usager=person).select_related(
        "procedure_version__procedure", "organisation"
    )


def export(person) -> dict:
    return {
        "dossiers": [export_dossier(d) for d in _dossiers_of(person)],
        "dossier_personnel": [
            {
                "type": item.get_kind_display(),
                "libelle": item.label,
                "valeur": item.value,
                "accord_donne_le": item.consent_at.isoformat(),
                "conserve_jusqu_au": item.expires_on.isoformat(),
            }
            for item in PersonalItem.objects.filter(user=person)
        ],
    }


def export_for_dossier(dossier: Dossier) -> dict:
    """For a service answering a person's request: what this organisation holds about them, and no more.

    With an account, every dossier of the person in this organisation (not those of other services);
    without one, this dossier (the person is known by it only).
    """
    if dossier.usager_id is None:
        dossiers = [dossier]
    else:
        dossiers = list(_dossiers_of(dossier.usager).filter(organisation_id=dossier.organisation_id))
    return {
        "organisation": dossier.organisation.name,
        "dossiers": [export_dossier(d) for d in dossiers],
    }


def erasure_refusals(person) -> list[str]:
    return [
        _(
            "Votre dossier n° %(number)s (« %(title)s ») est en cours d'instruction : il ne peut pas être "
            "effacé avant la décision. Vous pouvez le retirer depuis sa page, puis redemander l'effacement."
        )
        % {"number": d.number, "title": d.procedure.title}
        for d in _dossiers_of(person).filter(state__in=OPEN_STATES)
    ]


def erase(person) -> None:
    for item in PersonalItem.objects.filter(user=person):
        folder.forget(item=item)
    drafts = _dossiers_of(person).filter(state=DossierState.BROUILLON)
    for draft in drafts:
        _delete_attachments(draft.attachments.all())
    drafts.delete()
    # Decided dossiers are administrative records: kept, detached from the account, until retention.
    Dossier.objects.filter(usager=person).update(usager=None)
