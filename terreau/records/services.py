"""Importing and exporting records (contracts.md, "Command line" and "Record formats").

Rules kept here:
- all or nothing: every row is read and checked first (nothing written); only a file
  without a single error is written, in one transaction, so that a failure half-way
  leaves the database as it was;
- every error is reported as `FILE:LINE: field: message`;
- rows are upserted on `ref`: a field absent from a row keeps its current value on an
  update (and its default on a creation); a row equal to the stored record is left
  untouched, so a second import of the same file changes nothing;
- memory stays bounded: the file is streamed once, checked records wait in a temporary
  file, and only the refs seen so far, the lookups and one batch of rows are held.
"""

import gc
import marshal
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import IO

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau.accounts.models import User
from terreau.directory import cache as directory_cache
from terreau.records import formats
from terreau.records.kind import BATCH, ModelKind
from terreau.records.kinds import get_kind
from terreau.records.models import ImportBatch, Source
from terreau.search import engine
from terreau.search.engine import Document

# Records created before the database's statistics are first refreshed (then 4×, 16×…).
STATISTICS_FIRST_REFRESH = 5 * BATCH
# Pseudo-fields naming what an error is about when it is not one field.
FILE = "file"
RECORD = "record"


@dataclass(frozen=True)
class RecordError:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class Action(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class PreviewRow:
    line: int
    ref: str
    name: str
    action: Action


@dataclass
class ImportReport:
    kind: str
    file_name: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RecordError] = field(default_factory=list)
    preview: list[PreviewRow] = field(default_factory=list)
    batch: ImportBatch | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> str:
        return _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


def _records(
    kind: ModelKind, path: Path, file_name: str, lookups: dict, errors: list[RecordError]
) -> Iterator[tuple[int, dict]]:
    """Stream the file's valid records as (line, canonical record); append every problem
    to `errors` (in the order of the file once reading is over). Reading stops at the
    first error that makes the rest unreadable."""
    this_year = timezone.localdate().year

    def error(line: int, name: str, message: str) -> None:
        errors.append(RecordError(file_name, line, name, message))

    # Rows lacking a required field are valid only as updates: whether their ref is
    # known is asked for a batch of them at once.
    batch: list[tuple[int, dict, list[str]]] = []

    def checked() -> Iterator[tuple[int, dict]]:
        incomplete = {record["ref"] for _line, record, missing in batch if missing}
        known = kind.known_refs(incomplete) if incomplete else set()
        for line, record, missing in batch:
            if missing and record["ref"] not in known:
                for name in missing:
                    error(line, name, _("this field is required to create a record"))
            else:
                yield line, record
        batch.clear()

    try:
        table = formats.read(path, formats.format_of(file_name))
        columns = _check_columns(kind, table, error)
        seen: dict[str, int] = {}
        for row in table.rows:
            if row.problem:
                error(row.line, RECORD, row.problem)
                continue
            values = row.values if columns is None else {c: row.values[c] for c in columns}
            record, problems, missing = kind.clean(values, lookups, this_year=this_year)
            for name, message in problems:
                error(row.line, name, message)
            ref = record.get("ref")
            if ref:
                if ref in seen:
                    error(
                        row.line,
                        "ref",
                        _("“%(ref)s” already appears on line %(line)d of this file")
                        % {"ref": ref, "line": seen[ref]},
                    )
                    continue
                seen[ref] = row.line
            if not problems:
                batch.append((row.line, record, missing))
                if len(batch) == BATCH:
                    yield from checked()
        yield from checked()
    except formats.FormatError as problem:
        error(problem.line, FILE, problem.message)
    errors.sort(key=lambda e: e.line)


def _check_columns(kind: ModelKind, table: formats.Table, error) -> list[str] | None:
    """The header's columns that are fields of `kind` (None for JSON, where every row
    names its own fields); errors for unknown, repeated and missing columns."""
    if table.columns is None:
        return None
    schema = kind.fields_by_name
    known = []
    for column in table.columns:
        if not column:
            continue  # an unnamed, usually empty, column left by a spreadsheet
        if column in known:
            error(table.header_line, column, _("this column appears twice"))
        elif column not in schema:
            error(
                table.header_line,
                column,
                _("unknown column (known columns: %(columns)s)") % {"columns": ", ".join(schema)},
            )
        else:
            known.append(column)
    if "ref" not in known:
        error(table.header_line, "ref", _("this required column is missing"))
    return known


def _chunks(records: Iterator[tuple[int, dict]]) -> Iterator[list[tuple[int, dict]]]:
    chunk: list[tuple[int, dict]] = []
    for item in records:
        chunk.append(item)
        if len(chunk) == BATCH:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _upsert(
    kind: ModelKind,
    report: ImportReport,
    records: Iterator[tuple[int, dict]],
    lookups: dict,
    *,
    author: User | None,
    preview: int,
) -> None:
    """Compare each record with the stored one and write what differs, batch by batch.
    The search index pulls the documents of the written records batch after batch: one
    indexing run for the whole import, so the engine can treat it as the bulk load it is."""
    empty = kind.empty_record()
    # When a table grows many times over during an import, the planner's statistics
    # must follow, or lookups by ref end up scanning the whole table (PostgreSQL).
    refresh_at = STATISTICS_FIRST_REFRESH

    def written() -> Iterator[Document]:
        nonlocal refresh_at
        with _young_garbage_collected_per_batch() as batch_done:
            for chunk in _chunks(records):
                yield from _upsert_batch(
                    kind, report, chunk, lookups, empty, author=author, preview=preview
                )
                batch_done()
                if report.created >= refresh_at:
                    kind.refresh_statistics()
                    refresh_at *= 4

    engine.index_documents(written())


@contextmanager
def _young_garbage_collected_per_batch() -> Iterator[Callable[[], None]]:
    """Collect the garbage of each batch when it is done, instead of letting Python's
    automatic collector run: in a long import, its full collections walk every object
    still alive (lookups, caches) again and again, which cost a quarter of the time of a
    100,000-record import. A batch's model instances form reference cycles (prefetch
    caches), so they need the cycle collector; its two young generations are enough."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield lambda: gc.collect(1)
    finally:
        if enabled:
            gc.enable()


def _upsert_batch(
    kind: ModelKind,
    report: ImportReport,
    chunk: list[tuple[int, dict]],
    lookups: dict,
    empty: dict,
    *,
    author: User | None,
    preview: int,
) -> list[Document]:
    """Compare a batch of records with the stored ones and write what differs; the search
    documents of the written records."""
    existing = kind.existing([record["ref"] for _line, record in chunk], lookups)
    creates: list[dict] = []
    updates = []
    for line, record in chunk:
        current = existing.get(record["ref"])
        if current is None:
            full, action = {**empty, **record}, Action.CREATED
            creates.append(full)
        else:
            full = {**current.record, **record}
            action = Action.UNCHANGED if full == current.record else Action.UPDATED
            if action is Action.UPDATED:
                updates.append((current, full))
        report.rows += 1
        setattr(report, action.value, getattr(report, action.value) + 1)
        if len(report.preview) < preview:
            report.preview.append(PreviewRow(line, full["ref"], full["name"], action))
    if report.dry_run or not (creates or updates):
        return []
    created, updated = kind.save(creates=creates, updates=updates, lookups=lookups)
    return kind.after_save(created=created, updated=updated, author=author)


def _run(
    *,
    kind: ModelKind,
    path: Path,
    report: ImportReport,
    author: User | None,
    preview: int,
    batch: ImportBatch | None = None,
) -> bool:
    """Check the whole file (nothing written), then upsert its records in one
    transaction (nothing written either on a dry run) and finish `batch`. True when the
    file was valid."""
    lookups = kind.lookups()
    # Checked records wait in a temporary file, batch by batch: memory stays bounded and
    # the file is read and checked once.
    with tempfile.TemporaryFile() as checked:
        for chunk in _chunks(_records(kind, path, report.file_name, lookups, report.errors)):
            marshal.dump(chunk, checked)
        if report.errors:
            return False
        checked.seek(0)
        # A dry run writes no record: it needs no write transaction (nor its lock).
        with nullcontext() if report.dry_run else transaction.atomic():
            _upsert(kind, report, _reread(checked), lookups, author=author, preview=preview)
            if batch is not None:
                _finish(batch, report)
            if not report.dry_run and (report.created or report.updated):
                # Cached directory counts must not outlive the records they show.
                directory_cache.bump()
    return True


def _reread(checked: IO[bytes]) -> Iterator[tuple[int, dict]]:
    while True:
        try:
            # Our own temporary file, written just above: plain data only.
            chunk = marshal.load(checked)  # noqa: S302
        except EOFError:
            return
        yield from chunk


def _finish(batch: ImportBatch, report: ImportReport) -> None:
    batch.rows = report.rows
    batch.created = report.created
    batch.updated = report.updated
    batch.unchanged = report.unchanged
    batch.finished_at = timezone.now()
    batch.save()
    report.batch = batch


def import_records(
    *,
    kind: str,
    path: Path,
    file_name: str | None = None,
    dry_run: bool = False,
    user: User | None = None,
    preview: int = 0,
) -> ImportReport:
    """Import a file of records of `kind` (all or nothing, upsert on ref). A real import
    is recorded as an ImportBatch; a dry run writes nothing at all."""
    record_kind = get_kind(kind)
    name = file_name or path.name
    report = ImportReport(kind=kind, file_name=name, dry_run=dry_run)
    batch = None
    if not dry_run:
        batch = ImportBatch(
            kind=kind,
            file_name=name[:255],
            source=Source.COMMAND,
            user=user,
            started_at=timezone.now(),
        )
    _run(kind=record_kind, path=path, report=report, author=user, preview=preview, batch=batch)
    return report


@transaction.atomic
def preview_upload(
    *, kind: str, upload: UploadedFile, user: User, preview: int = 20
) -> ImportReport:
    """Check an uploaded file and tell what importing it would do. A valid file is kept
    with a pending (dry-run) ImportBatch that `apply_preview` confirms; an invalid one
    is forgotten."""
    record_kind = get_kind(kind)
    name = Path(upload.name or "upload").name
    batch = ImportBatch(
        kind=kind,
        file_name=name[:255],
        source=Source.ADMIN,
        user=user,
        dry_run=True,
        started_at=timezone.now(),
    )
    batch.file.save(name, upload, save=False)
    report = ImportReport(kind=kind, file_name=batch.file_name, dry_run=True)
    valid = _run(
        kind=record_kind,
        path=Path(batch.file.path),
        report=report,
        author=user,
        preview=preview,
        batch=batch,
    )
    if not valid:
        batch.file.delete(save=False)
    return report


@transaction.atomic
def apply_preview(*, batch: ImportBatch, user: User) -> ImportReport:
    """Import the file of a pending preview for real; the batch then records the import."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    report = ImportReport(kind=batch.kind, file_name=batch.file_name, dry_run=False)
    if not batch.dry_run:
        report.errors.append(
            RecordError(batch.file_name, 1, FILE, _("this file has already been imported"))
        )
        return report
    if not batch.file or not batch.file.storage.exists(batch.file.name):
        report.errors.append(
            RecordError(batch.file_name, 1, FILE, _("the uploaded file is gone: upload it again"))
        )
        return report
    batch.dry_run = False
    batch.user = user
    batch.started_at = timezone.now()
    _run(
        kind=get_kind(batch.kind),
        path=Path(batch.file.path),
        report=report,
        author=user,
        preview=0,
        batch=batch,
    )
    return report


@transaction.atomic
def upsert_records(
    *, kind: str, records: Iterable[dict], author: User | None = None
) -> ImportReport:
    """Write records made by a program (e.g. `terreau generate`) through the import's
    bulk path. They are checked like a file's rows; a program's bug raises ValueError
    and nothing is written."""
    record_kind = get_kind(kind)
    report = ImportReport(kind=kind, file_name="-", dry_run=False)
    lookups = record_kind.lookups()
    this_year = timezone.localdate().year

    def checked() -> Iterator[tuple[int, dict]]:
        for number, values in enumerate(records, 1):
            record, problems, missing = record_kind.clean(values, lookups, this_year=this_year)
            if problems or missing:
                raise ValueError(f"record {number} ({values.get('ref')}): {problems} {missing}")
            yield number, record

    _upsert(record_kind, report, checked(), lookups, author=author, preview=0)
    if report.created or report.updated:
        directory_cache.bump()
    return report


def export_records(*, kind: str, file_format: formats.Format, out: IO) -> int:
    """Write every record of `kind` to `out` in `file_format`, ordered by ref: what
    `import_records` reads back unchanged. Returns how many were written."""
    record_kind = get_kind(kind)
    count = 0

    def counted() -> Iterator[dict]:
        nonlocal count
        for record in record_kind.export():
            count += 1
            yield record

    formats.write(file_format, record_kind.fields, counted(), out)
    return count
