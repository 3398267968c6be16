import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guichet.core.journal.models import JournalEntry, JournalHead, JournalPersonLabel

__all__ = ["JournalEntry", "JournalHead", "JournalPersonLabel", "Notification"]


class Notification(models.Model):
    """One message to one person, through one medium; kept so a person can be told what was sent."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("Courriel")
        SMS = "sms", _("SMS")
        LETTER = "letter", _("Courrier postal")

    class Status(models.TextChoices):
        PENDING = "pending", _("À envoyer")
        SENT = "sent", _("Envoyé")
        FAILED = "failed", _("Échec")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("moyen"), max_length=10, choices=Kind.choices)
    recipient = models.TextField(_("destinataire"))
    subject = models.CharField(_("objet"), max_length=200)
    body = models.TextField(_("message"))
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    error = models.TextField(_("erreur"), blank=True)
    artifact = models.CharField(
        _("trace de l'envoi"),
        max_length=500,
        blank=True,
        help_text=_("Fichier écrit en développement, ou référence du prestataire en production."),
    )
    # A one-time code or link: the body is wiped once delivered, so the database never keeps it.
    secret = models.BooleanField(_("contient un secret"), default=False)
    # Letters wait in their organisation's print queue until an agent says they were posted.
    organisation_id = models.UUIDField(_("organisation"), null=True, blank=True)
    posted_at = models.DateTimeField(_("mis sous pli le"), null=True, blank=True)
    # Where a letter goes if this SMS fails for good (the person's postal address, when known).
    fallback_address = models.TextField(_("adresse de repli"), blank=True, default="")
    # The SMS this letter replaces, and why it failed: shown to the agent in the print queue.
    replaces = models.ForeignKey(
        "self", verbose_name=_("remplace"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    retry_after = models.DateTimeField(_("nouvel essai après"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("remis le"), null=True, blank=True)
    provider_status = models.CharField(_("état chez le prestataire"), max_length=100, blank=True, default="")
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mis sous pli par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["organisation_id", "kind", "posted_at"], name="core_notif_print_queue_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.subject}"
