from django.contrib import admin

from guichet.core.admin import ReadOnlyAdmin
from guichet.mandates.models import Habilitation, LegalRepresentation, Mandate


@admin.register(Habilitation)
class HabilitationAdmin(ReadOnlyAdmin):
    """Read only: habilitations change through the responsable's pages (services, journaled)."""

    list_display = ("user", "organisation", "status", "trained_on", "enrolled_at")
    list_filter = ("status",)


@admin.register(Mandate)
class MandateAdmin(ReadOnlyAdmin):
    list_display = (
        "reference",
        "organisation",
        "duration",
        "consent_method",
        "consented_at",
        "expires_at",
        "revoked_at",
    )
    list_filter = ("duration", "consent_method")
    search_fields = ("=reference",)
    exclude = ("followup_code_hash",)


@admin.register(LegalRepresentation)
class LegalRepresentationAdmin(ReadOnlyAdmin):
    list_display = ("representative", "kind", "proof_kind", "ends_on", "ended_at")
    list_filter = ("kind",)
