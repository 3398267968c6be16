"""What the core holds about people: notifications (and their files), sessions, journal labels."""

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db.models import Q
from django.utils.translation import gettext as _

from guichet.core.journal import JournalEntry, pseudonymise_person
from guichet.core.models import Notification
from guichet.core.privacy import RetentionResult
from guichet.core.privacy.files import old_files
from guichet.core.privacy.services import cutoff


def retention(*, now, dry_run: bool) -> list[RetentionResult]:
    days = settings.GUICHET_RETENTION_NOTIFICATION_DAYS
    before = cutoff(days, now=now)
    # A letter still waiting in the print queue has not reached the person yet: it is kept.
    notifications = Notification.objects.filter(created_at__lt=before).exclude(
        kind=Notification.Kind.LETTER, posted_at__isnull=True
    )
    files = old_files(settings.NOTIFICATIONS_DIR, before=before)
    sessions = Session.objects.filter(expire_date__lt=now)
    results = [
        RetentionResult(
            _("Notifications (courriels, SMS, courriers)"),
            _("envoyées depuis plus de %d jours") % days,
            notifications.count(),
            _("supprimée(s)"),
        ),
        RetentionResult(
            _("Fichiers des SMS, courriels et courriers"),
            _("écrits depuis plus de %d jours") % days,
            len(files),
            _("supprimé(s)"),
        ),
        RetentionResult(_("Sessions de connexion"), _("expirées"), sessions.count(), _("supprimée(s)")),
    ]
    if not dry_run:
        notifications.delete()
        sessions.delete()
        for path in files:
            path.unlink(missing_ok=True)
    return results


def _recipients(person) -> set[str]:
    """The account's own address and number only: a dossier's contact address may be shared (a family,
    a helper), and what was sent there belongs to that dossier, which is exported with its messages."""
    return {value for value in (person.email, person.phone) if value}


def export(person) -> dict:
    recipients = _recipients(person)
    notifications = Notification.objects.filter(recipient__in=recipients) if recipients else []
    entries = JournalEntry.objects.filter(Q(actor_id=person.pk) | Q(on_behalf_of_id=person.pk))
    return {
        "notifications": [
            {
                "moyen": n.get_kind_display(),
                "destinataire": n.recipient,
                "objet": n.subject,
                "message": n.body,
                "etat": n.get_status_display(),
                "creee_le": n.created_at.isoformat(),
            }
            for n in notifications
        ],
        "journal": [
            {
                "numero": e.sequence,
                "date": e.created_at.isoformat(),
                "action": e.action,
                "objet": f"{e.subject_type} {e.subject_id}",
                "canal": e.channel,
                "role_de_la_personne": _("auteur") if e.actor_id == person.pk else _("personne concernée"),
            }
            for e in entries.order_by("sequence")
        ],
    }


def erasure_refusals(person) -> list[str]:
    return []


def erase(person) -> None:
    recipients = _recipients(person)
    if recipients:
        Notification.objects.filter(recipient__in=recipients).delete()
    # Sessions need nothing: once the account is deleted, none of them authenticates anyone.
    pseudonymise_person(person_id=person.pk)
