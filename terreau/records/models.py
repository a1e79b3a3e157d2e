"""Import provenance: who imported which file, when, and what it changed."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _


def private_files() -> FileSystemStorage:
    """Uploaded import files hold drafts and unpublished data: they live in the data
    directory, outside the media files the site serves."""
    return FileSystemStorage(location=settings.DATA_DIR / "imports", base_url=None)


class Source(models.TextChoices):
    COMMAND = "command", _("Command line")
    ADMIN = "admin", _("Administration site")


class ImportBatchQuerySet(models.QuerySet):
    def applied(self):
        """Imports that wrote their records (not mere previews)."""
        return self.filter(dry_run=False, finished_at__isnull=False)

    def pending(self):
        """Previews from the administration site still waiting to be confirmed."""
        return self.filter(dry_run=True, source=Source.ADMIN)


class ImportBatch(models.Model):
    """One run of an import. A batch is recorded for every import that writes records;
    the administration site also records its dry-run preview (with the uploaded file) so
    that the operator can confirm it, which turns it into a real import."""

    kind = models.CharField(_("kind"), max_length=32)
    file_name = models.CharField(_("file name"), max_length=255)
    # The uploaded file, kept for provenance (imports from the administration site).
    file = models.FileField(_("file"), upload_to="%Y/%m/", storage=private_files, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    dry_run = models.BooleanField(_("dry run"), default=False)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.kind} · {self.file_name} · {self.started_at:%Y-%m-%d %H:%M}"
