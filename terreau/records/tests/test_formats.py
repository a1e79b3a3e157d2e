"""Reading and writing record files: rows, their physical lines, and file-level problems."""

import io
import json

import pytest
from openpyxl import Workbook

from terreau.records.fields import Field, Type
from terreau.records.formats import Format, FormatError, format_of, read, write

FIELDS = (
    Field("ref", Type.REF),
    Field("name", Type.LINE),
    Field("domains", Type.CODES),
    Field("funding_need", Type.INTEGER),
    Field("published", Type.BOOLEAN, default=True),
)
RECORDS = [
    {
        "ref": "a",
        "name": "Épicerie « solidaire »",
        "domains": ["logement", "sante"],
        "funding_need": 1200,
        "published": True,
    },
    {
        "ref": "b",
        "name": "=SUM(1;2)\nsur deux lignes",
        "domains": [],
        "funding_need": None,
        "published": False,
    },
]


def rows_of(path, file_format):
    table = read(path, file_format)
    return [(row.line, row.values, row.problem) for row in table.rows]


def test_json_lines_give_each_record_its_physical_line_and_skip_blank_lines(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text('{"ref": "a"}\n\n{"ref": "b"}\n', encoding="utf-8")
    assert rows_of(path, Format.JSONL) == [(1, {"ref": "a"}, ""), (3, {"ref": "b"}, "")]


def test_a_malformed_json_line_is_a_problem_of_that_line_only(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text('{"ref": "a"}\n{"ref": "b",}\n[1]\n{"ref": "c"}\n', encoding="utf-8")
    rows = rows_of(path, Format.JSONL)
    assert [line for line, _values, _problem in rows] == [1, 2, 3, 4]
    assert rows[1][2].startswith("malformed JSON (")
    assert rows[2][2].startswith("a record must be a JSON object")
    assert rows[3][1] == {"ref": "c"}


def test_a_json_list_gives_the_line_where_each_record_starts(tmp_path):
    path = tmp_path / "p.json"
    path.write_text('[\n  {"ref": "a",\n   "name": "A"},\n\n  {"ref": "b"}\n]\n', encoding="utf-8")
    assert rows_of(path, Format.JSON) == [
        (2, {"ref": "a", "name": "A"}, ""),
        (5, {"ref": "b"}, ""),
    ]


def test_a_long_json_list_is_read_across_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr("terreau.records.formats._CHUNK", 16)
    path = tmp_path / "p.json"
    items = [{"ref": f"r{i}", "name": "é" * i, "funding_need": 10**i} for i in range(30)]
    path.write_text("[\n" + ",\n".join(json.dumps(i) for i in items) + "\n]", encoding="utf-8")
    rows = rows_of(path, Format.JSON)
    assert [values for _line, values, _problem in rows] == items
    assert [line for line, _values, _problem in rows] == list(range(2, 32))


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('{"ref": "a"}', 1, "must hold a list of records"),
        ('[\n{"ref": "a"}\n{"ref": "b"}\n]', 3, "malformed JSON (expected , or ])"),
        ('[\n{"ref": "a",\n "name": }\n]', 3, "malformed JSON (Expecting value)"),
        ('[{"ref": "a"}] trailing', 1, "text after the closing ]"),
        ("[]", 1, "the file is empty"),
        ("  \n ", 1, "the file is empty"),
    ],
)
def test_a_broken_json_list_stops_with_one_clear_error(tmp_path, text, line, message):
    path = tmp_path / "p.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FormatError) as problem:
        rows_of(path, Format.JSON)
    assert problem.value.line == line
    assert message in problem.value.message


def test_csv_records_start_on_their_physical_line_even_across_quoted_newlines(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(b'\xef\xbb\xbfref,name\r\na,"two\r\nlines"\r\n\r\nb,B\r\nc\r\n')
    table = read(path, Format.CSV)
    assert table.columns == ["ref", "name"]
    rows = [(row.line, row.values, row.problem) for row in table.rows]
    assert rows[:2] == [
        (2, {"ref": "a", "name": "two\r\nlines"}, ""),
        (5, {"ref": "b", "name": "B"}, ""),
    ]
    assert rows[2][0] == 6
    assert rows[2][2] == "this row has 1 cells but the header has 2"


def test_a_csv_saved_with_semicolons_by_a_french_spreadsheet_is_read(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("ref;name;domains\na;Maison, des aidants;sante|logement\n", encoding="utf-8")
    [row] = read(path, Format.CSV).rows
    assert row.values == {"ref": "a", "name": "Maison, des aidants", "domains": "sante|logement"}


@pytest.mark.parametrize("file_format", [Format.JSONL, Format.CSV, Format.JSON])
def test_a_file_that_is_not_utf8_is_refused_with_the_line_of_the_first_bad_byte(
    tmp_path, file_format
):
    path = tmp_path / f"p.{file_format}"
    header = (
        "ref,name\n" if file_format is Format.CSV else ("[\n" if file_format is Format.JSON else "")
    )
    record = '"a","Epicerie"\n' if file_format is Format.CSV else '{"ref": "a", "name": "b"}\n'
    bad = (
        'b,"Soci\xe9t\xe9"\n'
        if file_format is Format.CSV
        else '{"ref": "b", "name": "Soci\xe9t\xe9"}\n'
    )
    path.write_bytes(header.encode() + record.encode() + bad.encode("latin-1"))
    with pytest.raises(FormatError) as problem:
        rows_of(path, file_format)
    expected_line = 3 if file_format is not Format.JSONL else 2
    assert problem.value.line == expected_line
    assert "not UTF-8 text (byte 0xe9" in problem.value.message


@pytest.mark.parametrize("file_format", list(Format))
def test_an_empty_file_is_refused(tmp_path, file_format):
    path = tmp_path / f"p.{file_format}"
    if file_format is Format.XLSX:
        Workbook().save(path)
    else:
        path.write_bytes(b"\xef\xbb\xbf" if file_format is not Format.CSV else b"ref,name\n")
    with pytest.raises(FormatError, match="the file is empty"):
        rows_of(path, file_format)


def test_a_file_pretending_to_be_a_workbook_is_refused(tmp_path):
    path = tmp_path / "p.xlsx"
    path.write_text("ref,name\na,b\n")
    with pytest.raises(FormatError, match="not a readable Excel .xlsx workbook"):
        read(path, Format.XLSX)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.jsonl", Format.JSONL),
        ("A.JSON", Format.JSON),
        ("x/y.csv", Format.CSV),
        ("b.xlsx", Format.XLSX),
        ("c.ndjson", Format.JSONL),
    ],
)
def test_the_format_comes_from_the_extension(name, expected):
    assert format_of(name) is expected


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("a.xls", "old Excel .xls files are not supported"),
        ("a.txt", "unsupported file type “.txt”"),
        ("noextension", "unsupported file type “(none)”"),
    ],
)
def test_an_unknown_extension_is_refused(name, message):
    with pytest.raises(FormatError) as problem:
        format_of(name)
    assert message in problem.value.message


def written(file_format, records=RECORDS) -> bytes:
    if file_format is Format.XLSX:
        out = io.BytesIO()
        write(file_format, FIELDS, records, out)
        return out.getvalue()
    out = io.StringIO(newline="")
    write(file_format, FIELDS, records, out)
    return out.getvalue().encode()


@pytest.mark.parametrize("file_format", list(Format))
def test_writing_the_same_records_twice_gives_the_same_bytes(file_format):
    assert written(file_format) == written(file_format)


@pytest.mark.parametrize("file_format", list(Format))
def test_written_records_read_back_with_the_same_values(tmp_path, file_format):
    path = tmp_path / f"out.{file_format}"
    path.write_bytes(written(file_format))
    rows = [row.values for row in read(path, file_format).rows]
    assert [r["ref"] for r in rows] == ["a", "b"]
    assert rows[1]["name"] == "=SUM(1;2)\nsur deux lignes"
    assert rows[0]["name"] == "Épicerie « solidaire »"


def test_an_xlsx_cell_starting_with_equals_stays_text_not_a_formula(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "out.xlsx"
    path.write_bytes(written(Format.XLSX))
    sheet = load_workbook(path).worksheets[0]
    assert sheet["B3"].data_type == "s"
    assert sheet["B3"].value.startswith("=SUM")


def test_the_csv_export_lists_codes_with_pipes():
    text = written(Format.CSV).decode()
    assert text.startswith("\ufeffref,name,domains,funding_need,published\r\n")
    assert "a,Épicerie « solidaire »,logement|sante,1200,true\r\n" in text


def test_an_empty_json_export_is_an_empty_list():
    assert written(Format.JSON, []) == b"[]\n"
