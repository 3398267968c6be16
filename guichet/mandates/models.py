"""Habilitated aidants, mandates between a usager and an organisation, consent codes, legal representatives."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guichet.procedures.models import Category


class Habilitation(models.Model):
    """An aidant's right to act under mandate for one organisation, granted by its responsable."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Habilité")
        SUSPENDED = "suspendue", _("Suspendu")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="habilitations")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="habilitations"
    )
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    trained_on = models.DateField(_("date de la formation"))
    attachment = models.FileField(_("attestation de formation"), upload_to="habilitations/")
    attachment_name = models.CharField(max_length=255)
    attachment_type = models.CharField(max_length=100)
    attachment_sha256 = models.CharField(max_length=64)
    charter_accepted_at = models.DateTimeField(_("charte acceptée le"))
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    enrolled_at = models.DateTimeField(_("habilité le"), default=timezone.now)
    suspended_at = models.DateTimeField(_("suspendu le"), null=True, blank=True)
    suspension_reason = models.TextField(_("motif de la suspension"), blank=True)

    class Meta:
        verbose_name = _("habilitation")
        verbose_name_plural = _("habilitations")
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="habilitation_unique"),
        ]

    def __str__(self):
        return f"{self.user} — {self.organisation} — {self.get_status_display()}"


class Duration(models.TextChoices):
    DAY = "1j", _("1 jour")
    MONTH = "1m", _("1 mois")
    SIX_MONTHS = "6m", _("6 mois")
    YEAR = "1a", _("1 an")


DURATION_DAYS = {Duration.DAY: 1, Duration.MONTH: 30, Duration.SIX_MONTHS: 182, Duration.YEAR: 365}


class ConsentMethod(models.TextChoices):
    SCREEN = "ecran", _("Sur place, signature à l'écran")
    PAPER = "papier", _("Sur place, formulaire imprimé signé puis scanné")
    SMS = "sms", _("À distance, code reçu par SMS")


class IdentityCheck(models.TextChoices):
    ID_CARD = "cni", _("Carte nationale d'identité")
    PASSPORT = "passeport", _("Passeport")
    RESIDENCE_PERMIT = "titre_sejour", _("Titre de séjour")
    DRIVING_LICENCE = "permis", _("Permis de conduire")
    OTHER = "autre", _("Autre pièce officielle avec photo")


class MandateState(models.TextChoices):
    AWAITING_CONSENT = "attente", _("En attente du consentement")
    ACTIVE = "actif", _("En cours")
    EXPIRED = "expire", _("Expiré")
    REVOKED = "revoque", _("Révoqué")


class Mandate(models.Model):
    """A usager lets one organisation's habilitated aidants act for them, within a scope, for a time.

    The state is derived from the dates (`state_at`): nothing has to run for a mandate to expire.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(_("numéro de mandat"), max_length=9, unique=True)
    usager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mandates")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="mandates"
    )
    categories = models.JSONField(_("thèmes"), default=list, blank=True)
    procedures = models.ManyToManyField("procedures.Procedure", blank=True, related_name="mandates")
    duration = models.CharField(_("durée"), max_length=2, choices=Duration.choices)
    consent_method = models.CharField(
        _("consentement"), max_length=10, choices=ConsentMethod.choices, blank=True
    )
    identity_check = models.CharField(
        _("vérification d'identité"), max_length=20, choices=IdentityCheck.choices, blank=True
    )
    signature_name = models.CharField(_("nom signé"), max_length=200, blank=True)
    signed_form = models.FileField(_("formulaire signé scanné"), upload_to="mandats/formulaires/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    consented_at = models.DateTimeField(_("consenti le"), null=True, blank=True)
    expires_at = models.DateTimeField(_("fin"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_as = models.CharField(_("révoqué par"), max_length=20, blank=True)
    renewed_from = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="renewal"
    )
    followup_code_hash = models.CharField(max_length=128, blank=True)
    creation_entry_hash = models.CharField(
        _("empreinte de la création au journal"), max_length=64, blank=True
    )
    consent_entry_hash = models.CharField(
        _("empreinte du consentement au journal"), max_length=64, blank=True
    )
    pdf = models.FileField(_("mandat signé (PDF)"), upload_to="mandats/pdf/", blank=True)

    class Meta:
        verbose_name = _("mandat")
        verbose_name_plural = _("mandats")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["usager", "organisation", "expires_at"])]

    def __str__(self):
        return f"{self.usager} — {self.organisation} ({self.reference})"

    def state_at(self, at: datetime.datetime | None = None) -> str:
        at = at or timezone.now()
        if self.revoked_at is not None and self.revoked_at <= at:
            return MandateState.REVOKED
        if self.consented_at is None or self.consented_at > at:
            return MandateState.AWAITING_CONSENT
        if self.expires_at <= at:
            return MandateState.EXPIRED
        return MandateState.ACTIVE

    @property
    def state(self) -> str:
        return self.state_at()

    def get_state_display(self) -> str:
        return MandateState(self.state).label

    @property
    def category_labels(self) -> list[str]:
        labels = dict(Category.choices)
        return [str(labels.get(code, code)) for code in self.categories]


class ConsentCode(models.Model):
    """A one-time code sent by SMS for remote consent: hashed, 15 minutes, 5 attempts then locked."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="consent_codes")
    code_hash = models.CharField(max_length=128)
    phone = models.CharField(max_length=20)
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    locked_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.mandate_id} — {self.sent_at:%Y-%m-%d %H:%M}"


class AccompaniedPerson(models.Model):
    """What an aidant recorded about a person registered without e-mail nor account (no usable password)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="accompanied"
    )
    birth_date = models.DateField(_("date de naissance"))
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("personne accompagnée")
        verbose_name_plural = _("personnes accompagnées")

    def __str__(self):
        return str(self.user)


class RevocationFailure(models.Model):
    """A wrong mandate follow-up code typed for a mandate reference, to slow down guessing."""

    reference = models.CharField(max_length=9, db_index=True)
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.reference} — {self.at:%Y-%m-%d %H:%M}"


class LegalRepresentation(models.Model):
    """A tutor or curator of a protected adult, or a parent of a minor, who acts in their own name.

    Declared by the representative with the proof (judgment, family record), checked by its content,
    then verified by an agent or responsable of the organisation the representative chose, who sees
    the original; it allows nothing before.
    """

    class Kind(models.TextChoices):
        TUTELLE = "tutelle", _("Tuteur ou tutrice d'un majeur protégé")
        CURATELLE = "curatelle", _("Curateur ou curatrice d'un majeur protégé")
        PARENT = "parent", _("Parent d'un enfant mineur")

    class Proof(models.TextChoices):
        JUDGMENT = "jugement", _("Jugement du juge des contentieux de la protection")
        FAMILY_RECORD = "livret", _("Livret de famille")
        BIRTH_CERTIFICATE = "naissance", _("Acte de naissance de l'enfant")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    representative = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="representations"
    )
    represented = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="represented_by"
    )
    kind = models.CharField(_("qualité"), max_length=10, choices=Kind.choices)
    proof_kind = models.CharField(_("justificatif"), max_length=10, choices=Proof.choices)
    proof = models.FileField(_("justificatif"), upload_to="representations/")
    proof_name = models.CharField(max_length=255)
    proof_type = models.CharField(max_length=100)
    proof_sha256 = models.CharField(max_length=64)
    ends_on = models.DateField(_("fin de la mesure"))
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(_("arrêtée le"), null=True, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="representations_to_check",
        verbose_name=_("structure qui vérifie le justificatif"),
    )
    verified_at = models.DateTimeField(_("vérifiée le"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    refused_at = models.DateTimeField(_("refusée le"), null=True, blank=True)
    refusal_reason = models.TextField(_("motif du refus"), blank=True)

    class Meta:
        verbose_name = _("représentation légale")
        verbose_name_plural = _("représentations légales")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.representative} — {self.get_kind_display()} — {self.represented}"

    @property
    def status_label(self) -> str:
        if self.refused_at:
            return str(_("refusée : %s") % self.refusal_reason)
        if self.verified_at is None:
            return str(_("en attente de vérification par %s") % self.organisation)
        if not self.is_active_at():
            return str(_("terminée"))
        return str(_("vérifiée, jusqu'au %s") % self.ends_on.strftime("%d/%m/%Y"))

    def is_active_at(self, at: datetime.datetime | None = None) -> bool:
        at = at or timezone.now()
        if self.verified_at is None or self.refused_at is not None:
            return False
        if self.ended_at is not None and self.ended_at <= at:
            return False
        return timezone.localdate(at) <= self.ends_on
