"""The search engine behind one interface (SQLite FTS5 embedded, PostgreSQL full text in
production). Everything outside this package calls only these functions.

A document is one searchable record (kind "project" or "organisation") with three weighted
text fields: `title` (weighs most), `summary`, `body`.

How a query runs: it is parsed (query.py, never raises), its words are looked up in the
lexicon of indexed words (unaccented spellings, typos corrected by trigram similarity and
edit distance, `word*` prefixes), widened by synonyms (data/synonyms.txt), and the
resulting plan is rendered by the backend of the database in use (backends.py).
"""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from itertools import batched
from pathlib import Path

from django.conf import settings
from django.db import connection

from terreau.search import spelling
from terreau.search.analysis import DATA_DIR, analyze_words, fold, lexicon_rows, plain_token, token
from terreau.search.backends import BACKENDS, KINDS, NOTHING_SQL, Backend, Row, kind_base
from terreau.search.query import Lexicon, Plan, Term, parse_query, plan_query
from terreau.search.synonyms import Synonyms

BATCH_SIZE = 2000
# Indexing this many documents at once calls for tidying up the index afterwards.
BULK_SIZE = 10_000
# Beyond this, a description adds little to relevance and slows indexing down.
MAX_FIELD_CHARS = 100_000


@dataclass(frozen=True)
class Document:
    kind: str
    id: int
    title: str
    summary: str = ""
    body: str = ""


def backend() -> Backend:
    """The backend for the database in use, unless settings.TERREAU_SEARCH_BACKEND names one."""
    name = getattr(settings, "TERREAU_SEARCH_BACKEND", "") or connection.vendor
    try:
        return BACKENDS[name]()
    except KeyError:
        raise ValueError(
            f"no search backend for {name!r} (choose from {sorted(BACKENDS)})"
        ) from None


@cache
def synonyms() -> Synonyms:
    """The synonym rules of data/synonyms.txt plus settings.TERREAU_SEARCH_SYNONYMS files."""
    paths = [DATA_DIR / "synonyms.txt"]
    paths += [Path(path) for path in getattr(settings, "TERREAU_SEARCH_SYNONYMS", ())]
    return Synonyms.from_texts(path.read_text(encoding="utf-8") for path in paths)


def index_documents(documents: Iterable[Document]) -> int:
    """Add or replace documents in the index (call inside the writing transaction);
    answers how many were indexed."""
    store = backend()
    count = 0
    # Every word once, with its occurrences: the lexicon is written once at the end.
    word_counts: Counter[str] = Counter()
    pending: list[Row] = []
    # Documents are pulled (maybe from the database) between batches; within one, the
    # previous batch is stored while this one is analysed (see Backend.writing).
    for batch in batched(documents, BATCH_SIZE):
        with store.writing():
            if pending:
                store.store(pending)
            pending = [_row(document, word_counts) for document in batch]
        count += len(pending)
    if pending:
        store.store(pending)
    store.store_lexicon(lexicon_rows(word_counts))
    if count >= BULK_SIZE:
        store.after_bulk_load()
    return count


def _row(document: Document, word_counts: Counter[str]) -> Row:
    kind_base(document.kind)  # fail early on an unknown kind
    fields = []
    for text in (document.title, document.summary, document.body):
        tokens, found = analyze_words(text[:MAX_FIELD_CHARS])
        fields.append(" ".join(tokens))
        word_counts.update(found)
    return (document.kind, document.id, *fields)


def remove_documents(kind: str, ids: Iterable[int]) -> None:
    """Drop documents from the index."""
    ids = list(ids)
    if ids:
        backend().delete(kind, ids)


def clear(kind: str | None = None) -> None:
    """Empty the index of one kind, or of every kind and the lexicon (before a reindex)."""
    store = backend()
    for each in [kind] if kind else KINDS:
        store.clear(each)
    if kind is None:
        store.clear_lexicon()


def plan(query: str) -> Plan:
    """What a query asks for, given what the index holds (see query.py)."""
    store = backend()
    terms = parse_query(query)
    lexicon = _lexicon(store, terms)
    return plan_query(terms, lexicon, synonyms())


def ranked_ids(kind: str, query: str) -> list[tuple[int, float]]:
    """Every document of `kind` matching `query`, best first, as (id, score)."""
    sql, params = ranked_sql(kind, query)
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} ORDER BY score DESC, id", params)
        return cursor.fetchall()


def ranked_sql(kind: str, query: str, among: str | None = None) -> tuple[str, list]:
    """A SQL query `SELECT id, score FROM …` over the documents of `kind` matching
    `query` (higher score is better), to join or order by in the database. Scoring is
    what costs most in a broad search: `among`, a SQL `SELECT id …` without parameters
    (a CTE of the statement, say), limits it to those documents, for instance the ones a
    page is chosen from, while `match_sql` counts every match."""
    store = backend()
    found = plan(query)
    if not found:
        return "SELECT -1 AS id, 0.0 AS score WHERE 1 = 0", []
    return store.ranked_sql(kind, found, among)


def search_sql(
    kind: str, query: str, among: str | None = None
) -> tuple[tuple[str, list], tuple[str, list]]:
    """`match_sql` and `ranked_sql(…, among)` of one query, its words looked up once."""
    found = plan(query)
    if not found:
        return (NOTHING_SQL, []), ("SELECT -1 AS id, 0.0 AS score WHERE 1 = 0", [])
    store = backend()
    return store.match_sql(kind, found), store.ranked_sql(kind, found, among)


def searching():
    """A context to run a statement holding `match_sql`, `ranked_sql` or `search_sql` in,
    so that the database uses its full-text index well."""
    return backend().searching()


def match_sql(kind: str, query: str) -> tuple[str, list]:
    """A SQL subquery `SELECT id FROM …` of the documents of `kind` matching `query`, to
    filter a queryset in the database: `.filter(id__in=RawSQL(sql, params))`."""
    found = plan(query)
    if not found:
        return NOTHING_SQL, []
    return backend().match_sql(kind, found)


def suggestion(query: str) -> str | None:
    """A corrected query when some words look mistyped ("did you mean"), else None."""
    store = backend()
    terms = parse_query(query)
    lexicon = _lexicon(store, terms, correct=False)
    corrected = str(query)
    changed = False
    for word in {word for term in terms for word in term.words if _mistyped(word, lexicon)}:
        best = _corrections(store, word)
        if best:
            display = store.words_tokens([best[0]])[0][2]
            corrected = _replace_word(corrected, word, display)
            changed = True
    return corrected if changed else None


def _lexicon(store: Backend, terms: list[Term], correct: bool = True) -> Lexicon:
    """Look the query's words up in the index: their indexed forms, then corrections of
    the unknown ones and expansions of prefixes."""
    typed = {word for term in terms for word in term.words}
    keys = {word: (fold(word), plain_token(word)) for word in typed}
    rows, known = store.lookup(
        sorted({folded for folded, _ in keys.values()}),
        sorted({plain for _, plain in keys.values() if plain}),
        sorted({tok for word in typed if (tok := token(word))}),
    )
    forms: dict[str, set[str]] = {}
    for folded, plain in keys.values():
        matching = {
            tok for row_word, row_plain, tok in rows if folded == row_word or plain == row_plain
        }
        if matching:
            forms.setdefault(folded, set()).update(matching)
    lexicon = Lexicon(forms={word: frozenset(found) for word, found in forms.items()}, known=known)
    if correct:
        corrections = {}
        for word in sorted(typed):
            if _mistyped(word, lexicon):
                close = _corrections(store, word)
                if close:
                    corrections[fold(word)] = frozenset(
                        tok for _, tok, _ in store.words_tokens(close)
                    )
        lexicon = replace(lexicon, corrections=corrections)
    prefixes = {
        fold(term.words[0]): store.prefix_tokens(fold(term.words[0]))
        for term in terms
        if term.prefix and len(fold(term.words[0])) >= 2
    }
    return replace(lexicon, prefixes=prefixes)


def _mistyped(word: str, lexicon: Lexicon) -> bool:
    """Unknown to the index and to the synonym rules (which only hold real words)."""
    return lexicon.is_unknown(word) and token(word) not in synonyms().tokens


def _corrections(store: Backend, word: str) -> list[str]:
    """Indexed words closest to an unknown word, most frequent first."""
    folded = fold(word)
    if not spelling.allowed_edits(folded):
        return []
    candidates: dict[str, int] = {}
    for candidate, _, frequency in store.similar_words(folded):
        candidates[candidate] = candidates.get(candidate, 0) + frequency
    return spelling.corrections(folded, candidates.items())


def _replace_word(text: str, word: str, replacement: str) -> str:
    return re.sub(
        rf"(?<![^\W_]){re.escape(word)}(?![^\W_])", replacement, text, flags=re.IGNORECASE
    )
