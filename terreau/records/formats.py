"""Reading and writing record files: JSON Lines, JSON, CSV and XLSX.

Readers stream the file and yield raw rows with the physical place a person looks at to fix
them: the line for JSON Lines, CSV (the header is line 1) and JSON (the line where the
record starts), the sheet row for XLSX (the header is row 1). Writers produce the same
bytes for the same records, so that an export can be compared with the next one.
"""

import codecs
import csv
import datetime
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import IO, BinaryIO, TextIO

from django.utils.translation import gettext as _

from terreau.records.fields import Field, to_cell


class Format(StrEnum):
    JSONL = "jsonl"
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


EXTENSIONS = {
    ".jsonl": Format.JSONL,
    ".ndjson": Format.JSONL,
    ".json": Format.JSON,
    ".csv": Format.CSV,
    ".xlsx": Format.XLSX,
}
_CHUNK = 1 << 20
# A Markdown description can be long; the csv module's default (128 KB) is not enough.
_CSV_FIELD_LIMIT = 16 << 20
_SPACE = re.compile(r"\s*")


class FormatError(Exception):
    """The file as a whole cannot be read (wrong type, encoding, structure)."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class RawRow:
    line: int
    values: dict[str, object] = field(default_factory=dict)
    # Set when this row cannot be read at all (malformed JSON, not an object…).
    problem: str = ""


@dataclass
class Table:
    # The columns of a CSV or XLSX header; None for JSON, where each row names its fields.
    columns: list[str] | None
    rows: Iterator[RawRow]
    header_line: int = 1


def format_of(name: str) -> Format:
    """The format of a file from its extension, or FormatError."""
    suffix = Path(name).suffix.lower()
    if suffix in EXTENSIONS:
        return EXTENSIONS[suffix]
    if suffix == ".xls":
        message = _("old Excel .xls files are not supported: save the sheet as .xlsx")
    else:
        message = _("unsupported file type “%(suffix)s”: use .jsonl, .json, .csv or .xlsx") % {
            "suffix": suffix or _("(none)")
        }
    raise FormatError(1, message)


def read(path: Path, file_format: Format) -> Table:
    readers = {
        Format.JSONL: _read_jsonl,
        Format.JSON: _read_json,
        Format.CSV: _read_csv,
        Format.XLSX: _read_xlsx,
    }
    return readers[file_format](path)


def _encoding_error(line: int, error: UnicodeDecodeError) -> FormatError:
    return FormatError(
        line,
        _(
            "the file is not UTF-8 text (byte 0x%(byte)02x cannot be read): "
            "save it again with the UTF-8 encoding"
        )
        % {"byte": error.object[error.start]},
    )


def _empty() -> FormatError:
    return FormatError(1, _("the file is empty: there is no record to import"))


def _decoded_lines(path: Path) -> Iterator[str]:
    """The file's physical lines as text (UTF-8, with or without a byte order mark)."""
    with open(path, "rb") as stream:
        for number, raw in enumerate(stream, 1):
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as error:
                raise _encoding_error(number, error) from None


def _object_row(line: int, value: object) -> RawRow:
    if not isinstance(value, dict):
        return RawRow(line, problem=_('a record must be a JSON object: {"ref": …, …}'))
    return RawRow(line, value)


def _read_jsonl(path: Path) -> Table:
    def rows() -> Iterator[RawRow]:
        seen = False
        for number, text in enumerate(_decoded_lines(path), 1):
            if not text.strip():
                continue
            seen = True
            try:
                value = json.loads(text.rstrip())
            except json.JSONDecodeError as error:
                yield RawRow(
                    number,
                    problem=_("malformed JSON (%(error)s, column %(column)d)")
                    % {"error": error.msg, "column": error.colno},
                )
                continue
            yield _object_row(number, value)
        if not seen:
            raise _empty()

    return Table(None, rows())


class _TextBuffer:
    """A UTF-8 file decoded chunk by chunk, knowing the physical line of its position."""

    def __init__(self, stream: BinaryIO):
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.text = ""
        self.pos = 0
        self.line = 1
        self.eof = False

    def fill(self) -> bool:
        if self.eof:
            return False
        chunk = self.stream.read(_CHUNK)
        self.eof = not chunk
        try:
            self.text += self.decoder.decode(chunk, final=self.eof)
        except UnicodeDecodeError as error:
            line = self.line_at(len(self.text)) + chunk[: error.start].count(b"\n")
            raise _encoding_error(line, error) from None
        return True

    def line_at(self, position: int) -> int:
        return self.line + self.text.count("\n", self.pos, position)

    def advance(self, position: int) -> None:
        self.line = self.line_at(position)
        self.pos = position
        if self.pos > _CHUNK:  # forget what has been read
            self.text = self.text[self.pos :]
            self.pos = 0

    def peek(self) -> str:
        """The next character that is not white space ("" at the end of the file)."""
        while True:
            self.advance(_SPACE.match(self.text, self.pos).end())
            if self.pos < len(self.text) or not self.fill():
                return self.text[self.pos : self.pos + 1]


def _read_json(path: Path) -> Table:
    decoder = json.JSONDecoder()

    def malformed(buffer: _TextBuffer, position: int, reason: str) -> FormatError:
        return FormatError(
            buffer.line_at(position), _("malformed JSON (%(error)s)") % {"error": reason}
        )

    def rows() -> Iterator[RawRow]:
        with open(path, "rb") as stream:
            buffer = _TextBuffer(stream)
            if buffer.peek() == "":
                raise _empty()
            if buffer.peek() != "[":
                raise FormatError(
                    buffer.line,
                    _("a .json file must hold a list of records: [{…}, {…}]"),
                )
            buffer.advance(buffer.pos + 1)
            first = True
            while True:
                if buffer.peek() == "]":
                    buffer.advance(buffer.pos + 1)
                    if buffer.peek() != "":
                        raise malformed(buffer, buffer.pos, _("text after the closing ]"))
                    if first:
                        raise _empty()
                    return
                if not first:
                    if buffer.peek() != ",":
                        raise malformed(buffer, buffer.pos, _("expected , or ]"))
                    buffer.advance(buffer.pos + 1)
                    buffer.peek()
                first = False
                line = buffer.line
                while True:
                    try:
                        value, end = decoder.raw_decode(buffer.text, buffer.pos)
                    except json.JSONDecodeError as error:
                        if buffer.fill():
                            continue
                        raise malformed(buffer, error.pos, error.msg) from None
                    # A value ending with the buffer may go on in the next chunk.
                    if end == len(buffer.text) and buffer.fill():
                        continue
                    break
                buffer.advance(end)
                yield _object_row(line, value)

    return Table(None, rows())


def _read_csv(path: Path) -> Table:
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
    lines = _decoded_lines(path)
    consumed = 0

    def counted() -> Iterator[str]:
        nonlocal consumed
        for text in lines:
            consumed += 1
            yield text

    source = counted()
    header_line = next(source, None)
    while header_line is not None and not header_line.strip():
        header_line = next(source, None)
    if header_line is None:
        raise _empty()
    # French spreadsheets often save CSV with semicolons.
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(_chain(header_line, source), delimiter=delimiter)
    header_at = consumed
    try:
        columns = [name.strip() for name in next(reader)]
    except csv.Error as error:
        raise FormatError(header_at, _("unreadable CSV (%(error)s)") % {"error": error}) from None

    def rows() -> Iterator[RawRow]:
        seen = False
        while True:
            line = consumed + 1
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                raise FormatError(
                    line, _("unreadable CSV (%(error)s)") % {"error": error}
                ) from None
            if not any(cell.strip() for cell in cells):
                continue
            seen = True
            if len(cells) != len(columns):
                yield RawRow(
                    line,
                    problem=_("this row has %(cells)d cells but the header has %(columns)d")
                    % {"cells": len(cells), "columns": len(columns)},
                )
                continue
            yield RawRow(line, dict(zip(columns, cells, strict=True)))
        if not seen:
            raise _empty()

    return Table(columns, rows(), header_at)


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        sheet_rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = next(sheet_rows, None)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, IndexError):
        raise FormatError(1, _("this is not a readable Excel .xlsx workbook")) from None
    if header is None:
        workbook.close()
        raise _empty()
    columns = [str(name).strip() if name is not None else "" for name in header]
    while columns and not columns[-1]:
        columns.pop()

    def rows() -> Iterator[RawRow]:
        seen = False
        try:
            for number, cells in enumerate(sheet_rows, 2):
                values = [_xlsx_value(cell) for cell in cells[: len(columns)]]
                if all(value is None or value == "" for value in values):
                    continue
                seen = True
                values += [None] * (len(columns) - len(values))
                yield RawRow(number, dict(zip(columns, values, strict=True)))
        finally:
            workbook.close()
        if not seen:
            raise _empty()

    return Table(columns, rows())


def _xlsx_value(cell: object) -> object:
    # Dates have no place in these records: read them as the text a person sees.
    if isinstance(cell, datetime.datetime | datetime.date | datetime.time):
        return cell.isoformat()
    return cell


# Writers ------------------------------------------------------------------------------


def write(file_format: Format, fields: Iterable[Field], records: Iterable[dict], out: IO) -> None:
    """Write `records` (canonical values, keyed by field name) to `out`: a text stream
    for JSON Lines, JSON and CSV (open it with newline=""), a binary one for XLSX."""
    fields = list(fields)
    writers = {
        Format.JSONL: _write_jsonl,
        Format.JSON: _write_json,
        Format.CSV: _write_csv,
        Format.XLSX: _write_xlsx,
    }
    writers[file_format](fields, records, out)


def _ordered(fields: list[Field], record: dict) -> dict:
    return {f.name: record[f.name] for f in fields}


def _write_jsonl(fields: list[Field], records: Iterable[dict], out: TextIO) -> None:
    for record in records:
        out.write(json.dumps(_ordered(fields, record), ensure_ascii=False))
        out.write("\n")


def _write_json(fields: list[Field], records: Iterable[dict], out: TextIO) -> None:
    separator = "[\n"
    for record in records:
        out.write(separator)
        out.write(json.dumps(_ordered(fields, record), ensure_ascii=False))
        separator = ",\n"
    out.write("[]\n" if separator == "[\n" else "\n]\n")


def _write_csv(fields: list[Field], records: Iterable[dict], out: TextIO) -> None:
    # The byte order mark lets spreadsheets recognise UTF-8; readers skip it.
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f.name for f in fields])
    for record in records:
        writer.writerow([to_cell(f, record[f.name]) for f in fields])


# A fixed date for the workbook's properties and archive entries: the same records give
# the same bytes.
_EPOCH = datetime.datetime(2000, 1, 1)


class _ReproducibleZipFile(zipfile.ZipFile):
    """A zip archive whose entries carry a fixed date instead of the clock's."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = self._entry(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        with open(filename, "rb") as source, self.open(self._entry(arcname), "w") as target:
            while chunk := source.read(_CHUNK):
                target.write(chunk)

    def _entry(self, name: str) -> zipfile.ZipInfo:
        entry = zipfile.ZipInfo(name, date_time=_EPOCH.timetuple()[:6])
        entry.compress_type = zipfile.ZIP_DEFLATED
        return entry


def _write_xlsx(fields: list[Field], records: Iterable[dict], out: BinaryIO) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook(write_only=True)
    workbook.properties.created = workbook.properties.modified = _EPOCH
    sheet = workbook.create_sheet("records")
    sheet.append([f.name for f in fields])
    for record in records:
        row = []
        for f in fields:
            value = record[f.name]
            if isinstance(value, list):
                value = to_cell(f, value)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, even when the text starts with =
            row.append(cell)
        sheet.append(row)
    archive = _ReproducibleZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(workbook, archive).save()
