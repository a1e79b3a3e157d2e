"""Operators' view of organisations and memberships."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from terreau.organisations import services
from terreau.organisations.models import Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "organisation"
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]


class HiddenFilter(admin.SimpleListFilter):
    title = _("visibility")
    parameter_name = "hidden"

    def lookups(self, request, model_admin):
        return [("no", _("Listed")), ("yes", _("Hidden by a moderator"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(hidden_at__isnull=False)
        if self.value() == "no":
            return queryset.listed()
        return queryset


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "ref", "territory", "legal_form", "hidden_at", "updated_at"]
    list_filter = [HiddenFilter, "actor_types", "legal_form"]
    search_fields = ["name", "ref", "summary"]
    raw_id_fields = ["territory"]
    filter_horizontal = ["actor_types"]
    readonly_fields = [
        "hidden_at",
        "hidden_by",
        "hidden_reason",
        "version",
        "created_at",
        "updated_at",
    ]
    # The ref is the organisation's stable public code: set once, never changed here.
    prepopulated_fields = {"ref": ["name"]}
    inlines = [MembershipInline]
    actions = ["unhide"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "ref"] if obj is not None else fields

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else self.prepopulated_fields

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Once the actor types are saved too, so that the index sees them.
        services.record_operator_edit(organisation=form.instance)

    @admin.action(description=_("Show the selected organisations again"))
    def unhide(self, request, queryset):
        hidden = list(queryset.filter(hidden_at__isnull=False))
        for organisation in hidden:
            services.unhide_organisation(organisation=organisation)
        self.message_user(
            request,
            ngettext(
                "%(count)d organisation is visible again.",
                "%(count)d organisations are visible again.",
                len(hidden),
            )
            % {"count": len(hidden)},
            messages.SUCCESS,
        )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__display_name", "organisation__name", "organisation__ref"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]
