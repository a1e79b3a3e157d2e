"""The examples of docs/import-export.md, run as written: the docs stay true.

Blocks fenced as ```<format> file=NAME``` are written to NAME (a later block with the same
name replaces the file); in ```console``` blocks, each `$ terreau …` line is run and must
print exactly the lines that follow it (standard output, then standard error, then the
`CommandError: …` line Django prints on failure). `# exit status N` after a command says
how it must end."""

import re
import shlex
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

DOC = Path(__file__).resolve().parents[3] / "docs" / "import-export.md"
BLOCK = re.compile(r"^```(\w*)(?: file=(\S+))?\n(.*?)^```$", re.MULTILINE | re.DOTALL)
STATUS = re.compile(r"\s+# exit status (\d+)$")


def run(command: str) -> tuple[int, list[str]]:
    out, err = StringIO(), StringIO()
    args = shlex.split(command)
    assert args[0] == "terreau"
    try:
        call_command(*args[1:], stdout=out, stderr=err)
        status, failure = 0, ""
    except CommandError as error:
        status, failure = error.returncode, f"CommandError: {error}\n"
    return status, (out.getvalue() + err.getvalue() + failure).splitlines()


def steps():
    for language, name, body in BLOCK.findall(DOC.read_text(encoding="utf-8")):
        if name:
            yield "file", name, body
        elif language == "console":
            for chunk in re.split(r"^\$ ", body, flags=re.MULTILINE)[1:]:
                command, *expected = chunk.rstrip("\n").split("\n")
                yield "command", command, expected


def test_the_documentation_has_examples_to_run():
    kinds = [kind for kind, _a, _b in steps()]
    assert kinds.count("file") >= 4 and kinds.count("command") >= 8


@pytest.mark.usefixtures("small_map")
def test_every_example_of_the_import_export_documentation_runs_as_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for kind, first, second in steps():
        if kind == "file":
            Path(first).write_text(second, encoding="utf-8")
            continue
        status = STATUS.search(first)
        command = STATUS.sub("", first)
        got_status, got = run(command)
        assert got == second, f"$ {command}"
        assert got_status == (int(status.group(1)) if status else 0), f"$ {command}"
