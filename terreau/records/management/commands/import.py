"""`terreau import KIND FILE [--dry-run]`: load records from a file, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from terreau.records.kinds import KINDS, PLANNED, UnknownKind
from terreau.records.services import import_records


class Command(BaseCommand):
    help = (
        "Import records from a .jsonl, .json, .csv or .xlsx file, upserted on their ref. "
        "When any row is invalid nothing is written, every error is printed as "
        "FILE:LINE: field: message and the exit status is 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help=f"one of: {', '.join([*KINDS, *PLANNED])}")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the file and count what would change, without writing anything",
        )

    def handle(self, *args, kind: str, file: Path, dry_run: bool, **options):
        if not file.is_file():
            raise CommandError(_("%(file)s: no such file") % {"file": file})
        try:
            report = import_records(kind=kind, path=file, file_name=str(file), dry_run=dry_run)
        except UnknownKind as error:
            raise CommandError(str(error)) from None
        except DatabaseError as error:
            raise CommandError(
                _("the database refused the import (%(error)s): nothing was imported")
                % {"error": error}
            ) from None
        if report.errors:
            for error in report.errors:
                self.stderr.write(str(error))
            message = ngettext(
                "%(count)d error in %(file)s: nothing was imported",
                "%(count)d errors in %(file)s: nothing was imported",
                len(report.errors),
            )
            raise CommandError(message % {"count": len(report.errors), "file": file}, returncode=1)
        if dry_run:
            message = _("Dry run, nothing written: %(counts)s.")
        else:
            message = _("Imported %(kind)s from %(file)s: %(counts)s.")
        self.stdout.write(message % {"kind": kind, "file": file, "counts": report.counts()})
