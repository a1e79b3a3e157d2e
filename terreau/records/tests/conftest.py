import json
from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English, whatever the catalogues say in French."""
    with translation.override("en"):
        yield


@dataclass
class Outcome:
    status: int
    out: str
    err: str

    @property
    def errors(self) -> list[str]:
        return self.err.splitlines()


def terreau(*args: str) -> Outcome:
    """Run a `terreau` command as the shell would: its exit status and both outputs."""
    out, err = StringIO(), StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
    except CommandError as error:
        return Outcome(error.returncode, out.getvalue(), err.getvalue() + str(error) + "\n")
    return Outcome(0, out.getvalue(), err.getvalue())


def jsonl(path, *records) -> str:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    return str(path)


@pytest.fixture
def records_world(small_map, holder_organisation):
    """The small map, the vocabularies (migrations) and one organisation."""
    return small_map
