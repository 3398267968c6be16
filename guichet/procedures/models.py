import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guichet.core.channels import Channel
from guichet.core.delays import DelayUnit, delay_text
from guichet.procedures.choices import (  # noqa: F401 — the vocabularies, imported from here by the rest
    USAGER_STATE_LABELS,
    Category,
    DossierState,
    ImplicitDecision,
    NotifyBy,
    PieceLater,
)


class Procedure(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="procedures"
    )
    slug = models.SlugField(_("adresse courte"), max_length=80, unique=True)
    title = models.CharField(_("intitulé"), max_length=200)
    summary = models.TextField(_("présentation"), blank=True)
    category = models.CharField(_("thème"), max_length=20, choices=Category.choices)
    is_published = models.BooleanField(_("publiée"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("démarche")
        verbose_name_plural = _("démarches")
        ordering = ["title"]

    def __str__(self):
        return self.title


class ProcedureVersion(models.Model):
    """A frozen definition: a dossier keeps the version it was started with.

    `definition` holds {"sections": [{"key", "title", "fields": [...]}], "documents": [...]}; its
    shape is checked by `procedures.definition.validate_definition`.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("numéro de version"))
    definition = models.JSONField(_("définition"), default=dict)
    instruction_delay = models.PositiveIntegerField(_("délai d'instruction"), default=2)
    instruction_unit = models.CharField(
        _("unité du délai d'instruction"), max_length=10, choices=DelayUnit.choices, default=DelayUnit.MONTHS
    )
    implicit_decision = models.CharField(
        _("décision implicite"),
        max_length=12,
        choices=ImplicitDecision.choices,
        default=ImplicitDecision.REJECTION,
    )
    completion_days = models.PositiveIntegerField(_("délai pour compléter (jours)"), default=30)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("version de démarche")
        verbose_name_plural = _("versions de démarche")
        ordering = ["procedure", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="procedure_version_unique")
        ]

    def __str__(self):
        return f"{self.procedure} — v{self.number}"

    @property
    def instruction_delay_text(self) -> str:
        """« deux mois », as the text that sets the delay says it."""
        return delay_text(self.instruction_delay, self.instruction_unit)


class Dossier(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.CharField(_("numéro de dossier"), max_length=20, unique=True)
    procedure_version = models.ForeignKey(ProcedureVersion, on_delete=models.PROTECT, related_name="dossiers")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="dossiers"
    )
    state = models.CharField(
        _("état"), max_length=20, choices=DossierState.choices, default=DossierState.BROUILLON
    )
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices)
    usager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="dossiers"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contact_name = models.CharField(_("nom et prénom"), max_length=200, blank=True)
    contact_email = models.EmailField(_("adresse électronique"), blank=True)
    contact_phone = models.CharField(_("téléphone mobile"), max_length=20, blank=True)
    contact_address = models.TextField(_("adresse postale"), blank=True)
    notify_by = models.CharField(
        _("être prévenu"), max_length=10, choices=NotifyBy.choices, default=NotifyBy.NONE
    )
    followup_code_hash = models.CharField(max_length=128, blank=True)
    answers = models.JSONField(_("réponses"), default=dict, blank=True)
    # Required pieces the person files without, and how they will bring each (CRPA L114-5):
    # slot key → one of PieceLater's values.
    pieces_later = models.JSONField(_("pièces apportées plus tard"), default=dict, blank=True)
    received_at = models.DateTimeField(_("date de réception"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("date de dépôt"), null=True, blank=True)
    decision_due_on = models.DateField(_("date de décision implicite"), null=True, blank=True)
    completion_due_on = models.DateField(_("à compléter avant le"), null=True, blank=True)
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)
    decision_motive = models.TextField(_("motif de la décision"), blank=True)
    lock_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organisation", "state", "received_at"]),
            models.Index(fields=["state", "decision_due_on"]),
        ]

    def __str__(self):
        return self.number

    @property
    def usager_state_label(self) -> str:
        return str(USAGER_STATE_LABELS.get(self.state, self.get_state_display()))

    @property
    def procedure(self) -> Procedure:
        return self.procedure_version.procedure


class DossierEvent(models.Model):
    """The dossier's readable history: every transition, with actor, channel and time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=40)
    from_state = models.CharField(max_length=20, choices=DossierState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=DossierState.choices, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, blank=True)
    motive = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.dossier_id} — {self.action} — {self.at:%Y-%m-%d %H:%M}"


class AnswerVersion(models.Model):
    """A snapshot of the answers at each deposit or correction (right to make a mistake)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="answer_versions")
    number = models.PositiveIntegerField()
    answers = models.JSONField()
    changed_fields = models.JSONField(default=list)
    reason = models.CharField(max_length=200)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["dossier", "number"]
        constraints = [models.UniqueConstraint(fields=["dossier", "number"], name="answer_version_unique")]

    def __str__(self):
        return f"{self.dossier_id} — v{self.number}"


def attachment_path(instance, filename):
    return f"dossiers/{instance.dossier_id}/{instance.id}"


class Attachment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="attachments")
    slot = models.CharField(_("pièce"), max_length=60)
    original_name = models.CharField(_("nom du fichier"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to=attachment_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slot", "uploaded_at"]

    def __str__(self):
        return self.original_name


class Message(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    from_usager = models.BooleanField(default=False)
    body = models.TextField(_("message"))
    channel = models.CharField(max_length=10, choices=Channel.choices)
    notification = models.ForeignKey("core.Notification", on_delete=models.SET_NULL, null=True, blank=True)
    # A letter or a phone call from the person, noted by an agent: when it reached the service.
    received_at = models.DateTimeField(_("reçu le"), null=True, blank=True)
    # The agent waits for the person's answer; cleared when the person writes, calls or sends a letter.
    awaiting_reply = models.BooleanField(_("réponse attendue"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.dossier_id} — {self.created_at:%Y-%m-%d %H:%M}"


class CorrectionRequest(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="corrections")
    fields = models.JSONField(_("champs à corriger"), default=list)
    documents = models.JSONField(_("pièces à fournir"), default=list)
    message = models.TextField(_("explication"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    due_on = models.DateField()
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self):
        return f"{self.dossier_id} — {self.due_on}"


class Outage(models.Model):
    """A service interruption: deadlines that ran during it are extended by its length."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="outages"
    )
    started_at = models.DateTimeField(_("début"))
    ended_at = models.DateTimeField(_("fin"))
    description = models.TextField(_("description"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("interruption de service")
        verbose_name_plural = _("interruptions de service")
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_at__gt=models.F("started_at")), name="outage_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M} → {self.ended_at:%Y-%m-%d %H:%M}"


class OutageExtension(models.Model):
    """One dossier's deadlines extended for one outage: never twice."""

    outage = models.ForeignKey(Outage, on_delete=models.CASCADE, related_name="extensions")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="outage_extensions")
    days = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["outage", "dossier"], name="outage_extension_once")]

    def __str__(self):
        return f"{self.outage_id} — {self.dossier_id} — {self.days} j"


class FollowupFailure(models.Model):
    """A wrong follow-up code typed for a dossier number, to slow down guessing."""

    number = models.CharField(max_length=20, db_index=True)
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.number} — {self.at:%Y-%m-%d %H:%M}"


class PersonalItem(models.Model):
    """« Dites-le-nous une fois » : data or a document a person agreed to keep for their next procedures."""

    class Kind(models.TextChoices):
        ANSWERS = "answers", _("Informations")
        DOCUMENT = "document", _("Pièce justificative")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="personal_items"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(_("clé"), max_length=60)
    label = models.CharField(_("libellé"), max_length=200)
    value = models.TextField(_("valeur"), blank=True)
    file = models.FileField(upload_to="dossier-personnel/", blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    source_dossier = models.ForeignKey(
        Dossier, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(_("vérifié le"), null=True, blank=True)
    consent_at = models.DateTimeField(_("accord donné le"))
    expires_on = models.DateField(_("conservé jusqu'au"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("élément du dossier personnel")
        verbose_name_plural = _("éléments du dossier personnel")
        ordering = ["kind", "label"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="personal_item_unique_key")
        ]

    def __str__(self):
        return f"{self.user_id} — {self.label}"


def issued_receipt_path(instance, filename):
    return f"accuses/{instance.dossier_id}/{instance.id}.pdf"


class IssuedReceipt(models.Model):
    """A legal receipt as it was issued (CRPA L112-3, R112-5): the PDF kept, never rendered again.

    Its SHA-256 is written in the journal entry of the event that called for it; `verify_journal` checks
    the stored file against it. A receipt issued for a dossier deposited before receipts were kept says
    « réédité le … » and is never back-dated.
    """

    class Reason(models.TextChoices):
        DEPOSIT = "depot", _("Dépôt de la demande")
        CORRECTION_REQUESTED = "pieces_demandees", _("Compléments demandés")
        COMPLETED = "complet", _("Dossier complété")
        EXTENDED = "prolongation", _("Délais prolongés après une interruption du service")
        REISSUED = "reedition", _("Réédition d'un accusé antérieur")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="issued_receipts")
    reason = models.CharField(_("motif"), max_length=20, choices=Reason.choices)
    file = models.FileField(upload_to=issued_receipt_path)
    sha256 = models.CharField(max_length=64)
    journal_hash = models.CharField(max_length=64)
    issued_at = models.DateTimeField(_("émis le"))

    class Meta:
        verbose_name = _("accusé de réception émis")
        verbose_name_plural = _("accusés de réception émis")
        ordering = ["dossier", "issued_at"]

    def __str__(self):
        return f"{self.dossier_id} — {self.get_reason_display()} ({self.issued_at:%Y-%m-%d})"
