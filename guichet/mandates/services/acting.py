"""An aidant acts on a dossier for a person, under a mandate checked at every request."""

from django.db import transaction
from django.utils.translation import gettext as _

from guichet.core import journal
from guichet.core.channels import Channel
from guichet.core.notifications.services import notify_account_holder
from guichet.mandates import perms
from guichet.mandates.models import Mandate
from guichet.mandates.services.representations import record_representative_act
from guichet.procedures.models import Dossier, Procedure
from guichet.procedures.services import drafts


def record_act(*, mandate: Mandate, aidant, dossier: Dossier, step: str) -> None:
    """One journal entry per action: the aidant, their organisation, the mandate and the person."""
    journal.record(
        action="mandat.acte",
        actor=aidant,
        channel=Channel.AIDANT,
        organisation_id=mandate.organisation_id,
        subject_type="dossier",
        subject_id=str(dossier.pk),
        on_behalf_of_id=mandate.usager_id,
        mandate_id=mandate.pk,
        data={"etape": step[:60], "demarche": str(dossier.procedure_version.procedure_id)},
    )


@transaction.atomic
def start_under_mandate(*, mandate: Mandate, aidant, procedure: Procedure) -> drafts.StartedDossier:
    perms.check_can_act(mandate, user=aidant, procedure=procedure)
    started = drafts.start_dossier(
        procedure=procedure, channel=Channel.AIDANT, actor=aidant, usager=mandate.usager
    )
    record_act(mandate=mandate, aidant=aidant, dossier=started.dossier, step="commencer")
    _send_code_to_the_person(mandate, started)
    return started


def _send_code_to_the_person(mandate: Mandate, started: drafts.StartedDossier) -> None:
    """The follow-up code goes to the person, never to the aidant's screen: the aidant's access is the
    mandate, which ends; a code seen once would have opened the dossier after it ended."""
    notify_account_holder(
        mandate.usager,
        subject=_("Votre dossier n° %s") % started.dossier.number,
        body=_(
            "%(org)s a commencé pour vous une demande : %(procedure)s.\nNuméro de dossier : %(number)s\n"
            "Code de suivi (secret) : %(code)s\nGardez-les : ils vous permettent de suivre votre demande."
        )
        % {
            "org": mandate.organisation,
            "procedure": started.dossier.procedure_version.procedure.title,
            "number": started.dossier.number,
            "code": started.followup_code,
        },
        organisation_id=mandate.organisation_id,
        secret=True,
    )


@transaction.atomic
def open_under_mandate(*, mandate: Mandate, aidant, dossier: Dossier) -> Dossier:
    """Continue one of the person's dossiers: it must be theirs and its procedure covered."""
    perms.check_can_act(
        mandate, user=aidant, procedure=dossier.procedure, subject=("dossier", str(dossier.pk))
    )
    record_act(mandate=mandate, aidant=aidant, dossier=dossier, step="ouvrir")
    return dossier


def act_on_dossier(request, dossier: Dossier):
    """The mandate (or legal representation) under which this person works on the dossier, checked
    again at every request.

    None when there is none; raises MandateRefused (with the reason, journaled) when it was revoked or
    expired since, or the aidant was suspended. Every POST is an act, recorded in the journal.
    """
    step = request.resolver_match.url_name if request.resolver_match else "enregistrer"
    mandate = perms.acting_mandate(request, dossier)
    if mandate is not None:
        if request.method == "POST":
            record_act(mandate=mandate, aidant=request.user, dossier=dossier, step=step)
        return mandate
    representation = perms.acting_representation(request, dossier)
    if representation is not None and request.method == "POST":
        record_representative_act(representation=representation, dossier=dossier, step=step)
    return representation
