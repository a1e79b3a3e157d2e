"""The examples of docs/search.md, run as written: the docs stay true."""

import re
from pathlib import Path

import pytest

from terreau.search import engine
from terreau.search.engine import Document

DOC = Path(__file__).resolve().parents[3] / "docs" / "search.md"

pytestmark = pytest.mark.django_db


def _block(name: str) -> list[str]:
    found = re.search(rf"```{name}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    assert found, f"no ```{name} block in {DOC}"
    return [line for line in found.group(1).splitlines() if line.strip()]


def _documents() -> list[Document]:
    documents = []
    for line in _block("documents"):
        number, title, summary, body = (part.strip() for part in line.split("|"))
        documents.append(Document("project", int(number), title, summary, body))
    return documents


def _examples() -> list[tuple[str, set[int]]]:
    examples = []
    for line in _block("examples")[1:]:  # the first line names the columns
        query, _, outcome = line.partition("|")
        found = outcome.split("(")[0].split()
        examples.append((query.strip(), set() if found == ["nothing"] else set(map(int, found))))
    return examples


def test_the_documentation_shows_a_dozen_examples():
    assert len(_examples()) >= 12


@pytest.mark.parametrize(("query", "found"), _examples())
def test_each_example_of_the_documentation_finds_what_it_says(query, found):
    engine.index_documents(_documents())
    assert {record_id for record_id, _ in engine.ranked_ids("project", query)} == found
