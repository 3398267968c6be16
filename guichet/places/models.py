"""Places where a person is received and helped, as the national standards describe them.

A place holds every field of LaMednum's « standard de la médiation numérique » v1.0.2 (lists as JSON
lists of the standard's own values), its origin (source + id in that source: a second import of the same
file updates, never duplicates), and what Guichet adds: the organisation that runs it, the Guichet
procedures one can do there, whether habilitated aidants work there, accessibility and languages.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Place(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    source = models.CharField(_("source"), max_length=100)
    source_id = models.CharField(_("identifiant dans la source"), max_length=200)
    pivot = models.CharField(_("SIRET ou RNA"), max_length=14, blank=True)
    nom = models.CharField(_("nom"), max_length=300)
    commune = models.CharField(_("commune"), max_length=200)
    code_postal = models.CharField(_("code postal"), max_length=5, db_index=True)
    code_insee = models.CharField(_("code INSEE"), max_length=5, blank=True, db_index=True)
    adresse = models.CharField(_("adresse"), max_length=300)
    complement_adresse = models.CharField(_("complément d'adresse"), max_length=300, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    typologie = models.JSONField(default=list, blank=True)
    telephone = models.CharField(_("téléphone"), max_length=20, blank=True)
    courriels = models.JSONField(default=list, blank=True)
    site_web = models.JSONField(default=list, blank=True)
    horaires = models.CharField(_("horaires (format OpenStreetMap)"), max_length=500, blank=True)
    presentation_resume = models.CharField(max_length=280, blank=True)
    presentation_detail = models.TextField(blank=True)
    source_mednum = models.CharField(_("source déclarée"), max_length=200, blank=True)
    itinerance = models.JSONField(default=list, blank=True)
    structure_parente = models.CharField(max_length=300, blank=True)
    date_maj = models.DateField(_("mis à jour le"))
    services = models.JSONField(default=list, blank=True)
    # « |value|value| » copies of two lists, so that a search filters them in SQL on any database.
    services_text = models.TextField(default="", blank=True, editable=False)
    supports_text = models.TextField(default="", blank=True, editable=False)
    fees_text = models.TextField(default="", blank=True, editable=False)
    audience_text = models.TextField(default="", blank=True, editable=False)
    access_text = models.TextField(default="", blank=True, editable=False)
    publics_specifiquement_adresses = models.JSONField(default=list, blank=True)
    prise_en_charge_specifique = models.JSONField(default=list, blank=True)
    frais_a_charge = models.JSONField(default=list, blank=True)
    dispositif_programmes_nationaux = models.JSONField(default=list, blank=True)
    formations_labels = models.JSONField(default=list, blank=True)
    autres_formations_labels = models.CharField(max_length=500, blank=True)
    modalites_acces = models.JSONField(default=list, blank=True)
    modalites_accompagnement = models.JSONField(default=list, blank=True)
    fiche_acces_libre = models.URLField(max_length=500, blank=True)
    prise_rdv = models.URLField(max_length=500, blank=True)
    # The data·inclusion services offered here, by their themes (its own vocabulary, « famille--besoin »).
    thematiques = models.JSONField(default=list, blank=True)
    # What Guichet adds.
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="places"
    )
    procedures = models.ManyToManyField("procedures.Procedure", blank=True, related_name="places")
    has_aidants = models.BooleanField(_("des aidants habilités y reçoivent"), default=False)
    step_free = models.BooleanField(_("accès de plain-pied"), null=True, blank=True)
    hearing_loop = models.BooleanField(_("boucle magnétique"), null=True, blank=True)
    languages = models.JSONField(_("langues parlées"), default=list, blank=True)
    # Merged by a responsable into the same place listed by another source: hidden from searches.
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_places"
    )
    stale_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["nom"]
        constraints = [models.UniqueConstraint(fields=["source", "source_id"], name="place_source_id_unique")]
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self):
        return f"{self.nom} ({self.commune})"


class OpeningInterval(models.Model):
    """One open period of a typical week, computed from `Place.horaires` (see places/hours.py)."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="intervals")
    weekday = models.PositiveSmallIntegerField()  # 0 = Monday
    start_minute = models.PositiveSmallIntegerField()
    end_minute = models.PositiveSmallIntegerField()

    class Meta:
        # « Is this place open at that moment? » is asked per place: the place first.
        indexes = [models.Index(fields=["place", "weekday", "start_minute", "end_minute"])]

    def __str__(self):
        return f"{self.place_id} {self.weekday} {self.start_minute}-{self.end_minute}"


class Referral(models.Model):
    """A person sent to a place for a need, with their consent, by an agent or an aidant (orientation).

    Closed loop: the place accepts or declines (with a reason), then says what happened (the person came,
    did not come, was helped). Only what the place needs to know is shared (`shared_note`)."""

    class Status(models.TextChoices):
        SENT = "envoyee", _("Envoyée au lieu")
        ACCEPTED = "acceptee", _("Acceptée par le lieu")
        DECLINED = "refusee", _("Refusée par le lieu")

    class Outcome(models.TextChoices):
        NONE = "", _("Pas encore de nouvelles")
        WENT = "venue", _("La personne est venue")
        DID_NOT_GO = "pas_venue", _("La personne n'est pas venue")
        HELPED = "aidee", _("La personne a été aidée")

    class NotifyBy(models.TextChoices):
        SMS = "sms", _("Par SMS")
        EMAIL = "email", _("Par courriel")
        LETTER = "letter", _("Par courrier")
        PAPER = "papier", _("Sur papier, remis en main propre")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="referrals")
    need = models.CharField(_("besoin"), max_length=200)
    person_name = models.CharField(_("nom de la personne"), max_length=200)
    contact = models.CharField(_("coordonnées"), max_length=500, blank=True)
    notify_by = models.CharField(max_length=10, choices=NotifyBy.choices)
    shared_note = models.TextField(_("ce que le lieu doit savoir"), max_length=1000, blank=True)
    consent_at = models.DateTimeField(_("accord de la personne"))
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.SET_NULL, null=True, related_name="referrals_sent"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENT)
    decline_reason = models.TextField(blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.NONE, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.person_name} → {self.place_id}"
