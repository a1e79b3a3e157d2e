"""The search engine behind one interface (SQLite FTS5 embedded, PostgreSQL full text in
production). Everything outside this package calls only these functions.

A document is one searchable record (kind "project" or "organisation") with three weighted
text fields: `title` (weighs most), `summary`, `body`.
"""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Document:
    kind: str
    id: int
    title: str
    summary: str = ""
    body: str = ""


def index_documents(documents: Iterable[Document]) -> None:
    """Add or replace documents in the index (call inside the writing transaction)."""
    raise NotImplementedError


def remove_documents(kind: str, ids: Iterable[int]) -> None:
    """Drop documents from the index."""
    raise NotImplementedError


def ranked_ids(kind: str, query: str) -> list[tuple[int, float]]:
    """Every document of `kind` matching `query`, best first, as (id, score)."""
    raise NotImplementedError


def suggestion(query: str) -> str | None:
    """A corrected query when some words look mistyped ("did you mean"), else None."""
    raise NotImplementedError
