import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guichet.core.channels import Channel
from guichet.procedures.models import Category

MAX_SESSION_MINUTES = 480
NOTE_MAX_LENGTH = 280


class Outcome(models.TextChoices):
    RESOLVED = "abouti", _("Démarche aboutie")
    FOLLOW_UP = "a_poursuivre", _("À poursuivre (nouveau rendez-vous)")
    REDIRECTED = "oriente", _("Orienté vers un autre service")
    UNRESOLVED = "non_abouti", _("Non aboutie")


class FollowedPerson(models.Model):
    """A person an organisation's aidants accompany: what lets its aidants find and see them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="followed_persons"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("personne accompagnée")
        verbose_name_plural = _("personnes accompagnées")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "person"], name="followed_person_unique")
        ]

    def __str__(self):
        return f"{self.person} — {self.organisation}"


class MediationSession(models.Model):
    """One time an aidant helped a person: what about, through which channel, how long, with what result."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="mediation_sessions"
    )
    aidant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mediation_sessions"
    )
    happened_on = models.DateField(_("date"))
    # Where it happened, among the organisation's places (the places directory); unknown for older ones.
    place = models.ForeignKey(
        "places.Place",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lieu"),
    )
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices)
    minutes = models.PositiveSmallIntegerField(_("temps passé (minutes)"))
    outcome = models.CharField(_("résultat"), max_length=20, choices=Outcome.choices)
    note = models.CharField(_("note"), max_length=NOTE_MAX_LENGTH, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("accompagnement")
        verbose_name_plural = _("accompagnements")
        ordering = ["-happened_on", "-created_at"]
        indexes = [models.Index(fields=["organisation", "happened_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes__gte=1, minutes__lte=MAX_SESSION_MINUTES),
                name="mediation_session_minutes_range",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome__in=Outcome.values), name="mediation_session_outcome_known"
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=Channel.values), name="mediation_session_channel_known"
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.happened_on:%d/%m/%Y}"


class SessionTheme(models.Model):
    """One theme of a session (a row each, so that reports count themes in the database)."""

    session = models.ForeignKey(MediationSession, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(_("thème"), max_length=20, choices=Category.choices)

    class Meta:
        verbose_name = _("thème d'un accompagnement")
        verbose_name_plural = _("thèmes des accompagnements")
        constraints = [
            models.UniqueConstraint(fields=["session", "theme"], name="session_theme_unique"),
            models.CheckConstraint(condition=models.Q(theme__in=Category.values), name="session_theme_known"),
        ]

    def __str__(self):
        return self.get_theme_display()


class Diagnostic(models.Model):
    """A two-autonomies diagnostic: the answers, and each autonomy's score (0–100) kept apart."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="diagnostics"
    )
    aidant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="diagnostics")
    taken_at = models.DateTimeField(_("date"))
    questions_version = models.PositiveSmallIntegerField(_("version des questions"))
    answers = models.JSONField(_("réponses"), default=dict)
    digital_score = models.PositiveSmallIntegerField(_("autonomie numérique"))
    administrative_score = models.PositiveSmallIntegerField(_("autonomie administrative"))

    class Meta:
        verbose_name = _("diagnostic des deux autonomies")
        verbose_name_plural = _("diagnostics des deux autonomies")
        ordering = ["-taken_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(digital_score__lte=100, administrative_score__lte=100),
                name="diagnostic_scores_range",
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.taken_at:%d/%m/%Y}"
