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
