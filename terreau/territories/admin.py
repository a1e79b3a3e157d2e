"""Operators' view of the official map: read-only, since `terreau load_territories`
owns every row (an edit here would be undone by the next load)."""

from django.contrib import admin

from terreau.territories.models import Territory


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "population", "postal_codes"]
    list_filter = ["kind"]
    search_fields = ["code", "search_name", "name", "postal_codes"]
    ordering = ["kind", "search_name"]
    list_per_page = 50
    show_full_result_count = False  # no COUNT(*) over 36,000 rows at every page

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
