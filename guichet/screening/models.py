"""Rights screening: questionnaires answered by a person (alone or with an aidant), and caseloads
screened in the background for a responsable. Amounts always come from the OpenFisca engine."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Questionnaire(models.Model):
    """The answers, page by page, exactly as typed (strings), so nothing is lost when a value is wrong.

    `answers` holds {"foyer": {...}, "personne_0": {...}, "ressources_0": {...}, "logement": {...}};
    `result` the last ScreeningResult.to_dict() computed from valid answers.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    usager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="screening_questionnaires",
    )
    aidant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="screening_questionnaires_helped",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answers = models.JSONField(_("réponses"), default=dict, blank=True)
    # To reopen the simulation on another device: a short reference and a secret code (fingerprint only).
    reference = models.CharField(_("numéro de simulation"), max_length=12, null=True, blank=True, unique=True)
    code_hash = models.CharField(max_length=128, blank=True)
    result = models.JSONField(_("résultat"), default=dict, blank=True)
    computed_at = models.DateTimeField(_("calculé le"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("simulation de droits")
        verbose_name_plural = _("simulations de droits")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["updated_at"])]

    def __str__(self):
        return str(self.pk)

    @property
    def with_aidant(self) -> bool:
        return self.aidant_id is not None


class Caseload(models.Model):
    """A file of households uploaded by a responsable, screened by a background job."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Terminé")
        FAILED = "failed", _("Échec")
        PURGED = "purged", _("Données supprimées")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="screening_caseloads"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    label = models.CharField(_("nom du fichier"), max_length=255)
    period = models.CharField(_("mois simulé"), max_length=7)
    input_file = models.FileField(upload_to="screening/caseloads/", blank=True)
    output_file = models.FileField(upload_to="screening/caseloads/", blank=True)
    errors_file = models.FileField(upload_to="screening/caseloads/", blank=True)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    households_total = models.PositiveIntegerField(default=0)
    households_ok = models.PositiveIntegerField(default=0)
    rows_invalid = models.PositiveIntegerField(default=0)
    failure = models.TextField(_("motif de l'échec"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    delete_after = models.DateTimeField(_("données supprimées après le"))
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("fichier de foyers")
        verbose_name_plural = _("fichiers de foyers")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["delete_after"])]

    def __str__(self):
        return self.label

    @property
    def percent(self) -> int:
        if not self.progress_total:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, self.progress_done * 100 // self.progress_total)

    @property
    def is_working(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class CaseloadHousehold(models.Model):
    """One screened household of a caseload: its amounts per benefit (monthly euros)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    caseload = models.ForeignKey(Caseload, on_delete=models.CASCADE, related_name="households")
    household_id = models.CharField(_("identifiant du foyer"), max_length=100)
    total = models.DecimalField(_("total mensuel"), max_digits=12, decimal_places=2)
    eligible_count = models.PositiveSmallIntegerField(_("nombre d'aides"), default=0)
    amounts = models.JSONField(_("montants"), default=dict)

    class Meta:
        verbose_name = _("foyer simulé")
        verbose_name_plural = _("foyers simulés")
        ordering = ["-total", "-eligible_count", "household_id"]
        indexes = [models.Index(fields=["caseload", "-total", "-eligible_count"])]
        constraints = [
            models.UniqueConstraint(fields=["caseload", "household_id"], name="caseload_household_unique")
        ]

    def __str__(self):
        return self.household_id


class ContactAction(models.Model):
    """Someone of the organisation reached out to a household about rights it may not claim."""

    class Kind(models.TextChoices):
        LETTER = "letter", _("Courrier")
        SMS = "sms", _("SMS")
        APPOINTMENT = "appointment", _("Proposition de rendez-vous")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    household = models.ForeignKey(CaseloadHousehold, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("action"), max_length=12, choices=Kind.choices)
    notification = models.ForeignKey(
        "core.Notification", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("prise de contact")
        verbose_name_plural = _("prises de contact")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.household_id}"


class ReopenFailure(models.Model):
    """A wrong code typed for a simulation number, to slow down guessing."""

    reference = models.CharField(max_length=12, db_index=True)
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.reference} — {self.at:%Y-%m-%d %H:%M}"
