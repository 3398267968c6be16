"""A correction taken whole: the figures and the pieces the service asked for, on every channel.

The right to make a mistake (CRPA L123-1) and an incomplete request completed (L114-5) go through
one service, whoever acts: the person online, an aidant under mandate, an agent recording what came
to the counter, by phone or by post. What was typed is saved first, each file is checked on its own,
and only then is the correction sent, so a refused file or a missing figure never loses the rest.
"""

import uuid
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from guichet.core.channels import Channel
from guichet.core.exceptions import InvalidInput
from guichet.procedures import perms, selectors
from guichet.procedures.models import Dossier, DossierState
from guichet.procedures.services import drafts, transitions

NON_FIELD = "__all__"


@dataclass
class CorrectionOutcome:
    dossier: Dossier
    sent: bool = False
    errors: dict[str, str] = field(default_factory=dict)  # field or slot key (or NON_FIELD) → French
    added: list[str] = field(default_factory=list)  # names of the files kept by this call


def take_correction(
    *,
    dossier_id,
    actor,
    channel: str,
    values: dict,
    files: dict | None = None,
    remove: str = "",
    send: bool = False,
) -> CorrectionOutcome:
    """Save the requested figures as typed, keep each new file, and send when asked and complete.

    `values`: field key → text typed (keys not requested are ignored, never written);
    `files`: slot key → uploaded file; `remove`: an attachment id added for this correction, to take
    back; `channel`: how it reached the service (online, aidant, counter, phone, mail).
    """
    dossier = Dossier.objects.get(pk=dossier_id)
    staff = actor is not None and perms.is_staff_of(actor, dossier)
    if channel not in (Channel.agent_entered() if staff else (Channel.ONLINE, Channel.AIDANT)):
        raise InvalidInput(
            _("Indiquez comment les compléments sont arrivés : au guichet, par téléphone ou par courrier.")
        )
    if dossier.state != DossierState.A_COMPLETER:
        raise InvalidInput(_("Ce dossier n'attend plus de compléments."))
    fields, slots = selectors.requested_keys(dossier)
    outcome = CorrectionOutcome(dossier=dossier)
    wanted = {key: value for key, value in values.items() if key in fields}
    if wanted:
        outcome.dossier = drafts.save_answers(dossier_id=dossier.pk, values=wanted, actor=actor)
    if remove and _is_uuid(remove):
        attachment = selectors.correction_attachments(outcome.dossier).filter(pk=remove).first()
        if attachment is not None:
            drafts.remove_attachment(attachment=attachment, actor=actor)
    for slot_key, uploaded in (files or {}).items():
        if slot_key not in slots or uploaded is None:
            continue
        try:
            drafts.add_attachment(
                dossier_id=dossier.pk, slot_key=slot_key, uploaded_file=uploaded, actor=actor, channel=channel
            )
        except InvalidInput as exc:
            outcome.errors[slot_key] = exc.message
        else:
            outcome.added.append(uploaded.name)
    if send:
        # Each requested piece still without a new file is named where its file goes.
        for slot_key in selectors.pieces_still_missing(outcome.dossier):
            outcome.errors.setdefault(
                slot_key,
                _(
                    "Ajoutez un nouveau fichier : le service en attend un (celui envoyé avant sa demande ne compte pas)."
                ),
            )
    if send and not outcome.errors:
        try:
            outcome.dossier = transitions.submit_correction(
                dossier_id=dossier.pk, actor=actor, channel=channel
            )
        except InvalidInput as exc:
            outcome.errors[NON_FIELD] = exc.message
        else:
            outcome.sent = True
    outcome.dossier.refresh_from_db()
    return outcome


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True
