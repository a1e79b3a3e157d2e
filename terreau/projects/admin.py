"""Operators' and moderators' view of projects. Every save goes through the services, so
the history, the search index and the directories stay in step with what is edited here."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from terreau.projects import services
from terreau.projects.models import Project, ProjectRevision


class RevisionInline(admin.TabularInline):
    model = ProjectRevision
    extra = 0
    max_num = 0
    can_delete = False
    fields = ["version", "created_at", "author", "summary"]
    readonly_fields = fields
    ordering = ["-version"]
    show_change_link = False


class VisibilityFilter(admin.SimpleListFilter):
    title = _("visibility")
    parameter_name = "visibility"

    def lookups(self, request, model_admin):
        return [
            ("public", _("Public")),
            ("draft", _("Draft")),
            ("hidden", _("Hidden by a moderator")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "public":
            return queryset.published()
        if self.value() == "draft":
            return queryset.filter(published=False)
        if self.value() == "hidden":
            return queryset.filter(hidden_at__isnull=False)
        return queryset


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "ref", "organisation", "territory", "stage", "published", "hidden_at", "updated_at"]  # fmt: skip
    list_filter = [VisibilityFilter, "stage", "domains", "legal_form"]
    list_select_related = ["organisation", "territory", "stage"]
    search_fields = ["name", "ref", "summary", "organisation__name"]
    raw_id_fields = ["territory", "organisation"]
    filter_horizontal = ["domains"]
    readonly_fields = ["moderation", "hidden_at", "hidden_by", "hidden_reason", "version", "created_at", "updated_at"]  # fmt: skip
    # The ref is the project's stable public code: set once, never changed here.
    prepopulated_fields = {"ref": ["name"]}
    inlines = [RevisionInline]
    actions = ["unhide"]
    date_hierarchy = "created_at"

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "ref"] if obj is not None else fields

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else self.prepopulated_fields

    @admin.display(description=_("moderation"))
    def moderation(self, obj: Project):
        # Hiding needs a reason the holders will read: it is done from the project's page.
        if obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("projects:hide", kwargs={"ref": obj.ref}),
            _("Show again on the site") if obj.is_hidden else _("Hide on the site, with a reason"),
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Once the domains are saved too, so that the history and the index see them.
        services.record_operator_edit(project=form.instance, author=request.user)

    @admin.action(description=_("Show the selected projects again"))
    def unhide(self, request, queryset):
        hidden = list(queryset.filter(hidden_at__isnull=False))
        for project in hidden:
            services.unhide_project(project=project, moderator=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d project is visible again.",
                "%(count)d projects are visible again.",
                len(hidden),
            )
            % {"count": len(hidden)},
            messages.SUCCESS,
        )
