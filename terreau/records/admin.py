"""Operators' interface to imports: the history of imports, and the import page (upload a
file, read the dry-run preview, confirm)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from terreau.records.kinds import KINDS
from terreau.records.models import ImportBatch
from terreau.records.services import apply_preview, preview_upload

# Larger files belong to the command line (`terreau import`), which streams them.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
PREVIEW_ROWS = 20


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of records"),
        choices=[(name, kind.model._meta.verbose_name_plural) for name, kind in KINDS.items()],
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(".jsonl, .json, .csv (list values separated by |) or .xlsx, in UTF-8"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _(
                    "This file is larger than %(size)d MB: import it with the command "
                    "`terreau import` instead."
                ),
                params={"size": MAX_UPLOAD_BYTES // (1024 * 1024)},
            )
        return upload


class ConfirmForm(forms.Form):
    batch = forms.ModelChoiceField(queryset=ImportBatch.objects.pending())


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = [
        "started_at",
        "kind",
        "file_name",
        "source",
        "user",
        "dry_run",
        "rows",
        "created",
        "updated",
        "unchanged",
    ]
    list_filter = ["kind", "source", "dry_run"]
    search_fields = ["file_name", "user__email"]
    date_hierarchy = "started_at"
    readonly_fields = [f.name for f in ImportBatch._meta.fields if f.name != "id"]

    def has_add_permission(self, request):
        # Imports are made from the import page, never typed in.
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="records_importbatch_import",
            ),
        ] + super().get_urls()

    def can_import(self, request) -> bool:
        return request.user.has_perm("records.add_importbatch")

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import": self.can_import(request)}
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        """Upload → dry-run preview → confirm. Staff only (admin_view), and allowed to
        add imports."""
        if not self.can_import(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import records"),
            "form": UploadForm(),
        }
        if request.method == "POST" and "batch" in request.POST:
            confirm = ConfirmForm(request.POST)
            if not confirm.is_valid():
                messages.error(request, _("This preview no longer exists or was already imported."))
                return redirect(reverse("admin:records_importbatch_import"))
            batch = confirm.cleaned_data["batch"]
            report = apply_preview(batch=batch, user=request.user)
            if report.ok:
                messages.success(
                    request,
                    _("Imported %(file)s: %(counts)s.")
                    % {"file": batch.file_name, "counts": report.counts()},
                )
                return redirect(reverse("admin:records_importbatch_changelist"))
            context["report"] = report
        elif request.method == "POST":
            form = UploadForm(request.POST, request.FILES)
            context["form"] = form
            if form.is_valid():
                report = preview_upload(
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["file"],
                    user=request.user,
                    preview=PREVIEW_ROWS,
                )
                context["report"] = report
                if report.ok:
                    context["form"] = None
        return TemplateResponse(request, "records/admin/import.html", context)
