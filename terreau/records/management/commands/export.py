"""`terreau export KIND [--format jsonl|csv|xlsx] [-o FILE]`: what `import` reads back."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from terreau.records.formats import Format, FormatError, format_of
from terreau.records.kinds import KINDS, PLANNED, UnknownKind
from terreau.records.services import export_records


class Command(BaseCommand):
    help = (
        "Export every record of a kind, ordered by ref, in the format `terreau import` "
        "reads back unchanged. Without -o the records go to the standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help=f"one of: {', '.join([*KINDS, *PLANNED])}")
        parser.add_argument(
            "--format",
            choices=[f.value for f in Format],
            help="file format (default: from the extension of -o, else jsonl)",
        )
        parser.add_argument("-o", "--output", type=Path, help="file to write")

    def handle(self, *args, kind: str, format: str | None, output: Path | None, **options):
        file_format = Format(format) if format else None
        if output is not None:
            try:
                named = format_of(output.name)
            except FormatError as error:
                raise CommandError(f"{output}: {error.message}") from None
            if file_format not in (None, named):
                raise CommandError(
                    _("%(file)s: a %(format)s export needs a file ending in .%(format)s")
                    % {"file": output, "format": file_format}
                )
            file_format = named
        file_format = file_format or Format.JSONL
        try:
            if output is None:
                if file_format is Format.XLSX:
                    raise CommandError(_("an .xlsx export needs a file: add -o FILE.xlsx"))
                count = export_records(kind=kind, file_format=file_format, out=self._stdout())
            else:
                binary = file_format is Format.XLSX
                with open(output, "wb" if binary else "w", **({} if binary else _TEXT_MODE)) as out:
                    count = export_records(kind=kind, file_format=file_format, out=out)
        except UnknownKind as error:
            raise CommandError(str(error)) from None
        if output is not None:
            self.stderr.write(
                _("%(count)d %(kind)s written to %(file)s.")
                % {"count": count, "kind": kind, "file": output}
            )

    def _stdout(self):
        # The real standard output, or the stream a caller passed (call_command, tests).
        stream = self.stdout._out
        if stream is sys.stdout:
            stream.reconfigure(encoding="utf-8", newline="")
        return stream


_TEXT_MODE = {"encoding": "utf-8", "newline": ""}
