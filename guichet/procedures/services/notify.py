"""Telling the usager, through the channel they chose: e-mail, SMS or a letter to print."""

from guichet.core.notifications.services import send_notification
from guichet.core.phone import can_receive_sms
from guichet.procedures.models import Dossier, NotifyBy


def notify_usager(dossier: Dossier, *, subject: str, body: str):
    if dossier.notify_by == NotifyBy.EMAIL and dossier.contact_email:
        return send_notification(
            kind="email",
            recipient=dossier.contact_email,
            subject=subject,
            body=body,
            organisation_id=dossier.organisation_id,
        )
    if dossier.notify_by == NotifyBy.SMS and dossier.contact_phone and can_receive_sms(dossier.contact_phone):
        return send_notification(
            kind="sms",
            recipient=dossier.contact_phone,
            subject=subject,
            body=body[:640],
            organisation_id=dossier.organisation_id,
            fallback_address=f"{dossier.contact_name}\n{dossier.contact_address}"
            if dossier.contact_address
            else "",
        )
    # A letter also when an SMS cannot reach the number (a fixed line recorded before it was checked).
    if dossier.notify_by in (NotifyBy.LETTER, NotifyBy.SMS) and dossier.contact_address:
        recipient = f"{dossier.contact_name}\n{dossier.contact_address}"
        return send_notification(
            kind="letter",
            recipient=recipient,
            subject=subject,
            body=body,
            organisation_id=dossier.organisation_id,
        )
    return None
