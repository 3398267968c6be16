"""The back office of a procedure: instructor groups and their members, routing rules, where each
dossier is (and was) routed, and the agents who follow it."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class InstructorGroup(models.Model):
    """Agents who instruct part of a procedure's dossiers (a territory, a kind of request)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="instructor_groups"
    )
    label = models.CharField(_("nom du groupe"), max_length=120)
    is_default = models.BooleanField(_("groupe par défaut"), default=False)
    closed = models.BooleanField(_("fermé"), default=False)
    members_manage = models.BooleanField(_("les membres gèrent le groupe"), default=False)
    contact_email = models.EmailField(_("adresse électronique du groupe"), blank=True)
    contact_phone = models.CharField(_("téléphone du groupe"), max_length=30, blank=True)
    contact_address = models.TextField(_("adresse du groupe"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("groupe instructeur")
        verbose_name_plural = _("groupes instructeurs")
        ordering = ["-is_default", "label"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "label"], name="instructor_group_label_unique"),
            models.UniqueConstraint(
                fields=["procedure"], condition=Q(is_default=True), name="instructor_group_one_default"
            ),
            models.CheckConstraint(
                condition=Q(is_default=False) | Q(closed=False), name="instructor_group_default_open"
            ),
        ]

    def __str__(self):
        return self.label


class GroupMember(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    group = models.ForeignKey(InstructorGroup, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="instructor_groups"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membre d'un groupe instructeur")
        verbose_name_plural = _("membres des groupes instructeurs")
        constraints = [models.UniqueConstraint(fields=["group", "user"], name="group_member_unique")]

    def __str__(self):
        return f"{self.user} — {self.group}"


class RoutingRule(models.Model):
    """Send a deposited dossier to `group` when its answers meet the conditions (all of them, or one of
    them); rules are tried by `position`, the first that matches wins, else the default group."""

    class Combinator(models.TextChoices):
        ALL = "toutes", _("toutes les conditions")
        ANY = "une", _("au moins une condition")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="routing_rules"
    )
    group = models.ForeignKey(InstructorGroup, on_delete=models.CASCADE, related_name="rules")
    position = models.PositiveIntegerField(default=0)
    combinator = models.CharField(max_length=6, choices=Combinator.choices, default=Combinator.ALL)
    conditions = models.JSONField(default=list)  # [{"field": key, "operator": …, "value": …}]
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("règle de routage")
        verbose_name_plural = _("règles de routage")
        ordering = ["position", "created_at"]

    def __str__(self):
        return f"{self.procedure} → {self.group}"


class DossierRoute(models.Model):
    """The group a deposited dossier is with now (one row per dossier)."""

    dossier = models.OneToOneField(
        "procedures.Dossier", on_delete=models.CASCADE, primary_key=True, related_name="route"
    )
    group = models.ForeignKey(InstructorGroup, on_delete=models.PROTECT, related_name="routes")
    routed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("groupe d'un dossier")
        verbose_name_plural = _("groupes des dossiers")
        indexes = [models.Index(fields=["group"], name="dossier_route_group")]

    def __str__(self):
        return f"{self.dossier_id} → {self.group}"


class RouteChange(models.Model):
    """Every assignment of a dossier to a group, kept: automatic, manual, re-routed."""

    class Kind(models.TextChoices):
        AUTOMATIC = "automatique", _("routage automatique")
        DEFAULT = "defaut", _("groupe par défaut")
        MANUAL = "manuel", _("déplacé par un agent")
        REROUTED = "reroutage", _("nouvelles règles appliquées")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.ForeignKey("procedures.Dossier", on_delete=models.CASCADE, related_name="route_changes")
    from_group = models.ForeignKey(
        InstructorGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_group = models.ForeignKey(InstructorGroup, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("changement de groupe")
        verbose_name_plural = _("changements de groupe")
        ordering = ["at"]
        indexes = [models.Index(fields=["dossier", "at"], name="route_change_dossier")]

    def __str__(self):
        return f"{self.dossier_id}: {self.from_group} → {self.to_group}"


class Follower(models.Model):
    """An agent who follows a dossier; `until` set when they stopped (kept for « personnes impliquées »)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.ForeignKey("procedures.Dossier", on_delete=models.CASCADE, related_name="followers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed")
    since = models.DateTimeField()
    until = models.DateTimeField(null=True, blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("agent qui suit un dossier")
        verbose_name_plural = _("agents qui suivent les dossiers")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "user"], condition=Q(until__isnull=True), name="follower_active_unique"
            )
        ]
        indexes = [models.Index(fields=["user", "until"], name="follower_user")]

    def __str__(self):
        return f"{self.user} suit {self.dossier_id}"


class InternalMessage(models.Model):
    """The agents' own thread on a dossier: the person never sees it, nor gets it in their data export
    (it is the service's working notes, CRPA L311-5 2° excepts preparatory documents)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.ForeignKey(
        "procedures.Dossier", on_delete=models.CASCADE, related_name="internal_messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message entre agents")
        verbose_name_plural = _("messages entre agents")
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.dossier_id} — {self.created_at:%Y-%m-%d %H:%M}"


class Label(models.Model):
    """A coloured label of a procedure, that agents put on dossiers (« Urgent », « Pièce à relancer »)."""

    class Colour(models.TextChoices):
        # DSFR illustrative badge colours, each with enough contrast for its text.
        BLUE = "blue-ecume", _("bleu")
        GREEN = "green-emeraude", _("vert")
        YELLOW = "yellow-tournesol", _("jaune")
        ORANGE = "orange-terre-battue", _("orange")
        PINK = "pink-tuile", _("rose")
        PURPLE = "purple-glycine", _("violet")
        BROWN = "brown-cafe-creme", _("brun")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    procedure = models.ForeignKey("procedures.Procedure", on_delete=models.CASCADE, related_name="labels")
    name = models.CharField(_("nom de l'étiquette"), max_length=40)
    colour = models.CharField(_("couleur"), max_length=20, choices=Colour.choices, default=Colour.BLUE)
    dossiers = models.ManyToManyField("procedures.Dossier", related_name="labels", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("étiquette")
        verbose_name_plural = _("étiquettes")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["procedure", "name"], name="label_name_unique")]

    def __str__(self):
        return self.name

    @property
    def badge_class(self) -> str:
        return BADGE_CLASSES.get(self.colour, "fr-badge--blue-ecume")


# Written out whole so that the DSFR subset (core/dsfr_subset.py) finds and keeps them.
BADGE_CLASSES = {
    "blue-ecume": "fr-badge--blue-ecume",
    "green-emeraude": "fr-badge--green-emeraude",
    "yellow-tournesol": "fr-badge--yellow-tournesol",
    "orange-terre-battue": "fr-badge--orange-terre-battue",
    "pink-tuile": "fr-badge--pink-tuile",
    "purple-glycine": "fr-badge--purple-glycine",
    "brown-cafe-creme": "fr-badge--brown-cafe-creme",
}


class ReplyTemplate(models.Model):
    """A ready-made reply of a procedure, written by the responsable, with a short variant for people told
    by SMS."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.CASCADE, related_name="reply_templates"
    )
    title = models.CharField(_("titre"), max_length=80)
    body = models.TextField(_("message"), max_length=5000)
    sms_body = models.CharField(_("version SMS"), max_length=320, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("réponse type")
        verbose_name_plural = _("réponses types")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "title"], name="reply_template_title_unique")
        ]

    def __str__(self):
        return self.title
