"""The audit journal: append-only entries chained by SHA-256, and the labels kept outside the chain."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from guichet.core.channels import Channel

GENESIS_HASH = "0" * 64


class JournalEntry(models.Model):
    """One action, chained to the previous entry by its hash.

    Rows are never updated nor deleted: database triggers refuse it (migration 0002). People appear by
    id only; their names live in `JournalPersonLabel`, which can be pseudonymised without touching the
    chain.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    sequence = models.PositiveBigIntegerField(_("numéro"), unique=True, editable=False)
    created_at = models.DateTimeField(_("date"), editable=False)
    action = models.CharField(_("action"), max_length=100)
    actor_id = models.UUIDField(
        _("auteur"), null=True, blank=True, help_text=_("Vide quand l'action est faite par le système.")
    )
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices, blank=True, default="")
    organisation_id = models.UUIDField(_("organisation"), null=True, blank=True)
    subject_type = models.CharField(_("type d'objet"), max_length=100)
    subject_id = models.CharField(_("identifiant de l'objet"), max_length=200)
    on_behalf_of_id = models.UUIDField(_("pour le compte de"), null=True, blank=True)
    mandate_id = models.UUIDField(_("mandat"), null=True, blank=True)
    data = models.JSONField(_("données"), default=dict, blank=True)
    previous_hash = models.CharField(_("empreinte précédente"), max_length=64, unique=True, editable=False)
    hash = models.CharField(_("empreinte"), max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("entrées du journal")
        ordering = ["sequence"]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="core_journal_subject_idx"),
            models.Index(fields=["on_behalf_of_id"], name="core_journal_behalf_idx"),
            models.Index(fields=["actor_id"], name="core_journal_actor_idx"),
            models.Index(fields=["mandate_id"], name="core_journal_mandate_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(sequence__gte=1), name="journal_sequence_positive"),
        ]

    def __str__(self):
        return f"n° {self.sequence} — {self.action} — {self.subject_type} {self.subject_id}"


class JournalHead(models.Model):
    """The single row that appends lock (`SELECT … FOR UPDATE`) so that two writers never fork the chain."""

    SINGLETON = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON, editable=False)
    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tête du journal")
        verbose_name_plural = _("tête du journal")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="journal_head_singleton")]

    def __str__(self):
        return f"n° {self.sequence} — {self.hash}"


class JournalPersonLabel(models.Model):
    """How to show a person named by id in the journal; replaced by a pseudonym on erasure."""

    person_id = models.UUIDField(primary_key=True)
    label = models.CharField(_("libellé"), max_length=200)
    updated_at = models.DateTimeField(_("mis à jour le"), auto_now=True)
    pseudonymised_at = models.DateTimeField(_("pseudonymisé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("libellé d'une personne du journal")
        verbose_name_plural = _("libellés des personnes du journal")

    def __str__(self):
        return self.label
