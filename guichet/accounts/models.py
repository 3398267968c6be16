import hashlib
import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    AGENT = "agent", _("Agent")
    AIDANT = "aidant", _("Aidant")
    RESPONSABLE = "responsable", _("Responsable")
    ANALYSTE = "analyste", _("Analyste")


class GuichetUserManager(UserManager):
    def get_by_natural_key(self, username):
        return self.get(username__iexact=username)


class User(AbstractUser):
    """A person with an account: staff of an organisation, or a usager who chose to have one.

    The e-mail address is optional: many usagers have none (see the procedures module, where a
    dossier can be followed with its number and a secret code instead).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("adresse électronique"), blank=True, default="")
    phone = models.CharField(_("téléphone mobile"), max_length=20, blank=True, default="")

    objects = GuichetUserManager()

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        constraints = [
            models.UniqueConstraint(Lower("username"), name="user_username_ci_unique"),
            models.UniqueConstraint(
                Lower("email"), condition=~models.Q(email=""), name="user_email_ci_unique"
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username


class Organisation(models.Model):
    class Kind(models.TextChoices):
        SERVICE = "service", _("Service public")
        FRANCE_SERVICES = "france_services", _("France Services")
        CCAS = "ccas", _("CCAS")
        ASSOCIATION = "association", _("Association de médiation")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, default="")
    email = models.EmailField(_("adresse électronique de contact"), blank=True, default="")
    phone = models.CharField(_("téléphone"), max_length=20, blank=True, default="")
    address = models.TextField(_("adresse postale"), blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name"], name="organisation_name_unique")]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A person holds one role in one organisation; a person may hold several."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("actif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rôle dans une organisation")
        verbose_name_plural = _("rôles dans les organisations")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role")
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.organisation}"


class ApiToken(models.Model):
    """A secret that lets an organisation's system call the JSON API. Only its hash is stored."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="api_tokens")
    label = models.CharField(_("libellé"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("jeton d'API")
        verbose_name_plural = _("jetons d'API")

    def __str__(self):
        return f"{self.organisation} — {self.label} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()


class ExternalIdentity(models.Model):
    """A person's identity at an identity provider (FranceConnect…), linked to their account."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="external_identities")
    provider = models.CharField(max_length=50)
    subject = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    last_login_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="external_identity_unique")
        ]

    def __str__(self):
        return f"{self.provider} — {self.user}"
