from django.contrib import admin

from guichet.core.journal.models import JournalEntry, JournalPersonLabel


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown to staff, changed by nobody: the journal is written only through its services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(JournalEntry)
class JournalEntryAdmin(ReadOnlyAdmin):
    list_display = ("sequence", "created_at", "action", "channel", "subject_type", "subject_id")
    list_filter = ("channel", "subject_type")
    search_fields = ("=subject_id", "action", "=hash")
    ordering = ("-sequence",)
    date_hierarchy = "created_at"


@admin.register(JournalPersonLabel)
class JournalPersonLabelAdmin(ReadOnlyAdmin):
    list_display = ("person_id", "label", "pseudonymised_at")
    search_fields = ("=person_id",)
