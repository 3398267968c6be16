"""Reaching out to a household whose rights may be unclaimed ("aller-vers"): letter, SMS, appointment."""

from django.db import transaction
from django.utils.translation import gettext as _

from guichet.core.exceptions import InvalidInput
from guichet.core.journal import record
from guichet.core.models import Notification
from guichet.core.notifications.services import send_notification
from guichet.screening.models import CaseloadHousehold, ContactAction

MEDIUM = {ContactAction.Kind.LETTER: Notification.Kind.LETTER, ContactAction.Kind.SMS: Notification.Kind.SMS}


def default_message(household: CaseloadHousehold) -> str:
    organisation = household.caseload.organisation
    return _(
        "Bonjour,\n\nD'après les informations dont nous disposons, vous pourriez avoir droit à des aides "
        "que vous ne recevez peut-être pas encore. Nous vous proposons de faire le point ensemble, "
        "gratuitement.\n\nContactez-nous : %(contact)s\n\n%(organisation)s"
    ) % {
        "contact": organisation.phone or organisation.email or organisation.address or organisation.name,
        "organisation": organisation.name,
    }


@transaction.atomic
def contact_household(
    *, household: CaseloadHousehold, kind: str, actor, recipient: str = "", message: str = ""
) -> ContactAction:
    """Send a letter or an SMS through the notifications, or record an appointment to propose."""
    if kind not in ContactAction.Kind.values:
        raise InvalidInput(_("Choisissez comment contacter ce foyer."))
    message = message.strip()
    notification = None
    if kind in MEDIUM:
        if not recipient.strip():
            raise InvalidInput(
                _("Indiquez l'adresse postale (sur plusieurs lignes).")
                if kind == ContactAction.Kind.LETTER
                else _("Indiquez le numéro de mobile, par exemple 06 12 34 56 78.")
            )
        if not message:
            raise InvalidInput(_("Écrivez le message à envoyer."))
        notification = send_notification(
            kind=MEDIUM[kind],
            recipient=recipient,
            subject=_("Vos droits : faisons le point"),
            body=message,
        )
    action = ContactAction.objects.create(
        household=household, kind=kind, notification=notification, note=message[:2000], created_by=actor
    )
    record(
        action="screening.foyer_contacte",
        actor=actor,
        organisation_id=household.caseload.organisation_id,
        subject_type="fichier_foyers",
        subject_id=str(household.caseload_id),
        data={"foyer": str(household.pk), "moyen": kind},
    )
    return action
