"""Appointments at a place: motifs, weekly openings, closed days, bookings, and each slot's load.

A slot is never stored in advance: it is computed from the openings (slots.py). Its load is stored once
someone books it (`SlotLoad`), and the database refuses a load above the slot's capacity (a check
constraint), so two people can never hold the last place of a slot, whatever the timing.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from guichet.core.channels import Channel


class Motif(models.Model):
    """What a person comes for, at one place: its length, how it happens, what to bring, who may book it."""

    class Modality(models.TextChoices):
        ON_SITE = "sur_place", _("Sur place")
        PHONE = "telephone", _("Par téléphone")
        HOME = "domicile", _("À domicile")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="motifs")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="motifs")
    label = models.CharField(_("motif"), max_length=200)
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), default=30)
    modality = models.CharField(_("modalité"), max_length=10, choices=Modality.choices, default="sur_place")
    documents_to_bring = models.TextField(_("documents à apporter"), blank=True)
    procedure = models.ForeignKey(
        "procedures.Procedure", on_delete=models.SET_NULL, null=True, blank=True, related_name="motifs"
    )
    capacity = models.PositiveSmallIntegerField(_("personnes reçues par créneau"), default=1)
    bookable_online = models.BooleanField(_("réservable en ligne par la personne"), default=True)
    bookable_by_agent = models.BooleanField(_("réservable par un agent"), default=True)
    bookable_by_aidant = models.BooleanField(_("réservable par un aidant sous mandat"), default=True)
    bookable_by_prescriber = models.BooleanField(_("réservable par un prescripteur"), default=True)
    fair_mode = models.BooleanField(_("mode équitable (tirage au sort)"), default=False)
    booking_horizon_days = models.PositiveSmallIntegerField(_("réservable jusqu'à (jours)"), default=28)
    min_notice_hours = models.PositiveSmallIntegerField(_("délai minimal (heures)"), default=2)
    active = models.BooleanField(_("proposé"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["label"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5, duration_minutes__lte=480), name="motif_duration_range"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="motif_capacity_positive"),
        ]

    def __str__(self):
        return f"{self.label} ({self.place_id})"


class WeeklyOpening(models.Model):
    """A recurring opening of a motif: every `weekday` from `starts` to `ends`, between two dates."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)  # in the removal URL
    motif = models.ForeignKey(Motif, on_delete=models.CASCADE, related_name="openings")
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    weekday = models.PositiveSmallIntegerField(_("jour"))  # 0 = lundi
    starts = models.TimeField(_("de"))
    ends = models.TimeField(_("à"))
    valid_from = models.DateField(_("à partir du"))
    valid_until = models.DateField(_("jusqu'au"), null=True, blank=True)

    class Meta:
        ordering = ["weekday", "starts"]
        constraints = [
            models.CheckConstraint(condition=Q(starts__lt=F("ends")), name="opening_starts_before_it_ends"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="opening_weekday_range"),
        ]

    def __str__(self):
        return f"{self.motif_id} {self.weekday} {self.starts}-{self.ends}"


class ClosedDay(models.Model):
    """A day a place does not receive (besides public holidays, which the calendar knows)."""

    place = models.ForeignKey("places.Place", on_delete=models.CASCADE, related_name="closed_days")
    day = models.DateField(_("jour"))
    reason = models.CharField(_("raison"), max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["place", "day"], name="closed_day_unique")]

    def __str__(self):
        return f"{self.place_id} {self.day}"


class SlotLoad(models.Model):
    """How many people hold a slot; the database refuses more than its capacity."""

    motif = models.ForeignKey(Motif, on_delete=models.CASCADE, related_name="loads")
    starts_at = models.DateTimeField()
    capacity = models.PositiveSmallIntegerField()
    booked = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["motif", "starts_at"], name="slot_load_unique"),
            models.CheckConstraint(condition=Q(booked__lte=F("capacity")), name="slot_load_within_capacity"),
        ]

    def __str__(self):
        return f"{self.motif_id} {self.starts_at} {self.booked}/{self.capacity}"


class Booking(models.Model):
    """One person expected at one slot, booked through one channel; found again with reference + code."""

    class Status(models.TextChoices):
        BOOKED = "confirme", _("Confirmé")
        CANCELLED = "annule", _("Annulé")
        SEEN = "honore", _("Honoré")
        NO_SHOW = "absent", _("Personne absente")
        OFFERED = "propose", _("Proposé, en attente de réponse")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(_("référence"), max_length=20, unique=True)
    code_hash = models.CharField(max_length=128)
    motif = models.ForeignKey(Motif, on_delete=models.PROTECT, related_name="bookings")
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices)
    by_prescriber = models.BooleanField(_("pris par un prescripteur"), default=False)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.BOOKED)
    person_name = models.CharField(_("nom"), max_length=200)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    postal_address = models.TextField(_("adresse postale"), blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The agent of the opening the slot came from (their agenda and calendar feed), when it names one.
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointments",
    )
    mandate = models.ForeignKey(
        "mandates.Mandate", on_delete=models.SET_NULL, null=True, blank=True, related_name="bookings"
    )
    # The form's one-time token: a second click on « Réserver » finds the booking the first one made.
    submission_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["motif", "starts_at", "status"])]

    def __str__(self):
        return f"{self.reference} {self.starts_at}"


class CodeFailure(models.Model):
    """A wrong booking code typed for a reference, to slow down guessing (as the dossier code)."""

    reference = models.CharField(max_length=20, db_index=True)
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.reference} {self.at:%Y-%m-%d %H:%M}"


class CalendarFeed(models.Model):
    """An agent's secret calendar address (RFC 5545 feed): only its SHA-256 is kept; resetting it makes
    the old address answer 404."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"


class Reminder(models.Model):
    """A reminder sent for a booking: one row per (booking, kind), written in the same transaction as the
    notification, so that a worker stopped mid-way sends each reminder once after its restart."""

    class Kind(models.TextChoices):
        SMS_TWO_DAYS = "sms_j2", _("SMS à J-2")
        SMS_ONE_DAY = "sms_j1", _("SMS à J-1")
        EMAIL_ONE_DAY = "courriel_j1", _("Courriel à J-1")
        LETTER = "courrier", _("Courrier, envoyé assez tôt pour arriver")

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["booking", "kind"], name="reminder_once_per_kind")]

    def __str__(self):
        return f"{self.booking_id} {self.kind}"


class DrawWindow(models.Model):
    """Fair mode: requests for the slots of a period are collected while the window is open, then the
    slots are drawn by lot. Commit–reveal: the SHA-256 of the seed is published when the window opens,
    the seed itself at the draw; anyone can then check that the draw was not chosen after seeing the
    requests (`manage.py verify_draw`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    motif = models.ForeignKey(Motif, on_delete=models.PROTECT, related_name="draw_windows")
    opens_at = models.DateTimeField(_("ouverture des demandes"))
    closes_at = models.DateTimeField(_("tirage au sort"))
    slots_from = models.DateField(_("créneaux du"))
    slots_until = models.DateField(_("créneaux jusqu'au"))
    # The share of the places kept for requests made by phone, at the counter or through an aidant (spread
    # evenly over the slots), until `release_hours` before the slot, when they go to everyone's waitlist.
    offline_percent = models.PositiveSmallIntegerField(_("part des places gardées hors ligne (%)"), default=0)
    release_hours = models.PositiveSmallIntegerField(_("libérées (heures avant)"), default=48)
    offer_hours = models.PositiveSmallIntegerField(_("délai pour accepter une place (heures)"), default=24)
    seed_hash = models.CharField(max_length=64)
    seed = models.CharField(max_length=64, blank=True)  # secret until the draw
    drawn_at = models.DateTimeField(null=True, blank=True)
    # The places drawn, as they were at the draw: [[start ISO, reserved for offline requests], …]
    places = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-closes_at"]
        constraints = [
            models.CheckConstraint(condition=Q(opens_at__lt=F("closes_at")), name="window_opens_before_draw"),
            models.CheckConstraint(condition=Q(slots_from__lte=F("slots_until")), name="window_slots_range"),
            models.CheckConstraint(
                condition=Q(offline_percent__lte=100), name="window_offline_percent_range"
            ),
        ]

    def __str__(self):
        return f"{self.motif_id} {self.closes_at:%Y-%m-%d}"


class DrawRequest(models.Model):
    """One person's request in a window: one active request per identity and per phone number."""

    class Status(models.TextChoices):
        WAITING = "en_attente", _("En attente du tirage")
        ASSIGNED = "attribuee", _("Créneau attribué")
        WAITLIST = "liste", _("Sur la liste d'attente")
        OFFERED = "proposee", _("Une place lui est proposée")
        WITHDRAWN = "retiree", _("Retirée")
        EXPIRED = "expiree", _("Sans réponse à temps")

    ACTIVE = ("en_attente", "attribuee", "liste", "proposee")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    window = models.ForeignKey(DrawWindow, on_delete=models.PROTECT, related_name="requests")
    reference = models.CharField(max_length=20, unique=True)
    code_hash = models.CharField(max_length=128)
    channel = models.CharField(_("canal"), max_length=10, choices=Channel.choices)
    person_name = models.CharField(_("nom"), max_length=200)
    birth_date = models.DateField(_("date de naissance"))
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    postal_address = models.TextField(_("adresse postale"), blank=True)
    identity_key = models.CharField(max_length=64)  # SHA-256 of the normalised name and birth date
    phone_key = models.CharField(max_length=64, blank=True)
    network_key = models.CharField(max_length=64, blank=True)  # keyed hash of the network address
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    ticket = models.CharField(max_length=64, blank=True)  # SHA-256(seed ‖ reference), set at the draw
    rank = models.PositiveIntegerField(null=True, blank=True)  # order on the waitlist
    drawn_slot = models.DateTimeField(null=True, blank=True)  # what the draw gave (kept for verify_draw)
    booking = models.OneToOneField(
        Booking, on_delete=models.SET_NULL, null=True, blank=True, related_name="draw_request"
    )
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    told_at = models.DateTimeField(null=True, blank=True)  # the person was told the draw's result
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    mandate = models.ForeignKey("mandates.Mandate", on_delete=models.SET_NULL, null=True, blank=True)
    flags = models.JSONField(default=list, blank=True)  # why an agent should look (same phone…)
    # The proof of work solved for an online request: each one serves once.
    challenge_signature = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["window", "identity_key"],
                condition=Q(status__in=["en_attente", "attribuee", "liste", "proposee"]),
                name="one_active_request_per_identity",
            ),
            models.UniqueConstraint(
                fields=["window", "phone_key"],
                condition=Q(status__in=["en_attente", "attribuee", "liste", "proposee"]) & ~Q(phone_key=""),
                name="one_active_request_per_phone",
            ),
        ]
        indexes = [models.Index(fields=["window", "status", "rank"])]

    def __str__(self):
        return self.reference
