"""The two storage backends of the search engine: SQLite FTS5 and PostgreSQL full text.

Both store the tokens of the shared French analyzer (analysis.py), so that they match the
same documents for the same query; they differ in how they store, rank and find words
close to a typo. The tables are created by migrations/0001_initial.py.

- SQLite: one FTS5 table `search_fts(title, summary, body)` (unicode61, diacritics
  removed), ranked with bm25 and the title weighing most. A document's rowid is
  `kind_base(kind) + id`, so a kind is a rowid range FTS5 filters for free.
- PostgreSQL: `search_document(kind, doc_id, vector)` with a stored tsvector weighted
  A (title), B (summary), C (body) under a GIN index, ranked with ts_rank.
- Both: `search_lexicon(word, token, display, frequency)`, every word of the indexed
  documents without accents, with the token it was indexed as, found back by trigrams
  (an FTS5 `trigram` table on SQLite, pg_trgm on PostgreSQL) for typo tolerance.
"""

# S608: only constants, placeholders and table names are formatted into this module's SQL;
# every value, FTS5 and tsquery expressions included, travels as a query parameter.
# ruff: noqa: S608

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass

from django.db import connection, transaction

from terreau.search.query import AllOf, Alternative, Clause, Plan

# Append new kinds at the end, never reorder: the position is part of SQLite rowids.
KINDS = ("project", "organisation", "funding", "programme")
KIND_SPAN = 1 << 40
SIMILAR_WORDS_LIMIT = 200
PREFIX_TOKENS_LIMIT = 64
NOTHING_SQL = "SELECT -1 WHERE 1 = 0"

Row = tuple[str, int, str, str, str]  # kind, id, title, summary, body (space-joined tokens)


def kind_base(kind: str) -> int:
    try:
        return (KINDS.index(kind) + 1) * KIND_SPAN
    except ValueError:
        raise ValueError(f"unknown search kind {kind!r}; add it to KINDS") from None


def trigrams(word: str) -> list[str]:
    return sorted({word[i : i + 3] for i in range(len(word) - 2)})


class Backend:
    """What both backends share: the lexicon and the query plan's overall shape."""

    def after_bulk_load(self) -> None:
        """After a bulk load: leave the tables ready for fast searches."""

    def writing(self) -> AbstractContextManager:
        """Wraps writes and the Python work between them, without other database access
        (see PostgreSQLBackend)."""
        return nullcontext()

    def searching(self) -> AbstractContextManager:
        """Wraps a statement running this backend's match or ranked SQL (see
        PostgreSQLBackend)."""
        return nullcontext()

    def store(self, rows: Sequence[Row]) -> None:
        raise NotImplementedError

    def delete(self, kind: str, ids: Sequence[int]) -> None:
        raise NotImplementedError

    def clear(self, kind: str) -> None:
        raise NotImplementedError

    def similar_words(self, word: str) -> list[tuple[str, str, int]]:
        """(word, token, frequency) of lexicon words sharing trigrams with `word`."""
        raise NotImplementedError

    def ranked_sql(self, kind: str, plan: Plan, among: str | None = None) -> tuple[str, list]:
        """`SELECT id, score` of the matching documents; with `among` (a `SELECT id` with
        no parameters), of those of its ids only, so that only they are scored."""
        raise NotImplementedError

    def match_sql(self, kind: str, plan: Plan) -> tuple[str, list]:
        raise NotImplementedError

    # The lexicon: same SQL on both vendors.

    def store_lexicon(self, rows: Sequence[tuple[str, str, str, str, int]]) -> None:
        """Add (word, token, plain, display, occurrences) rows to the lexicon."""
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_lexicon (word, token, plain, display, frequency) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (word, token) "
                "DO UPDATE SET frequency = search_lexicon.frequency + excluded.frequency",
                rows,
            )

    def clear_lexicon(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_lexicon")

    def lookup(
        self, words: Sequence[str], plains: Sequence[str], tokens: Sequence[str]
    ) -> tuple[list[tuple[str, str, str]], frozenset[str]]:
        """Lexicon rows (word, plain, token) whose word is one of `words` or whose plain
        token is one of `plains`, and which of `tokens` some document holds."""
        words_in = ", ".join(["%s"] * len(words)) or "NULL"
        plains_in = ", ".join(["%s"] * len(plains)) or "NULL"
        tokens_in = ", ".join(["%s"] * len(tokens)) or "NULL"
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word, plain, token FROM search_lexicon "
                f"WHERE word IN ({words_in}) OR plain IN ({plains_in}) "
                f"UNION ALL SELECT '', '', token FROM search_lexicon WHERE token IN ({tokens_in}) "
                "GROUP BY token",
                [*words, *plains, *tokens],
            )
            found = cursor.fetchall()
        return [row for row in found if row[0]], frozenset(row[2] for row in found if not row[0])

    def words_tokens(self, words: Sequence[str]) -> list[tuple[str, str, str]]:
        """(word, token, display) of lexicon words."""
        if not words:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word, token, display FROM search_lexicon "
                f"WHERE word IN ({', '.join(['%s'] * len(words))})",
                list(words),
            )
            return cursor.fetchall()

    def prefix_tokens(self, prefix: str) -> frozenset[str]:
        """Tokens of the indexed words starting with `prefix` (a folded word)."""
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT DISTINCT token FROM search_lexicon WHERE word >= %s AND word < %s "
                f"LIMIT {PREFIX_TOKENS_LIMIT}",
                [prefix, upper],
            )
            return frozenset(token for (token,) in cursor.fetchall())


@dataclass(frozen=True)
class QueryLanguage:
    """How a full-text engine writes a plan: FTS5's MATCH syntax or a tsquery. Tokens
    are letters and digits only, so quoting them needs no escaping."""

    quote: str  # around a token (tsquery) or a whole phrase (FTS5)
    quote_phrase: bool
    follows: str  # between the tokens of a phrase
    all_of: str
    any_of: str
    but_not: str

    def alternative(self, alternative: Alternative) -> str:
        if isinstance(alternative, AllOf):
            words = (
                self.any_of.join(self.alternative((form,)) for form in forms)
                for forms in alternative.words
            )
            return "(" + self.all_of.join(f"({word})" for word in words) + ")"
        if self.quote_phrase:
            return self.quote + self.follows.join(alternative) + self.quote
        return self.follows.join(f"{self.quote}{token}{self.quote}" for token in alternative)

    def clause(self, clause: Clause) -> str:
        return "(" + self.any_of.join(map(self.alternative, clause.alternatives)) + ")"

    def expression(
        self, clauses: Sequence[Clause], excluded: Sequence[Clause] = (), any_of: bool = False
    ) -> str:
        """All the clauses (or any of them), none of the excluded ones."""
        expression = (self.any_of if any_of else self.all_of).join(map(self.clause, clauses))
        if excluded:
            expression = (
                f"({expression}){self.but_not}({self.any_of.join(map(self.clause, excluded))})"
            )
        return expression


FTS5 = QueryLanguage(
    quote='"', quote_phrase=True, follows=" ", all_of=" AND ", any_of=" OR ", but_not=" NOT "
)
TSQUERY = QueryLanguage(
    quote="'", quote_phrase=False, follows=" <-> ", all_of=" & ", any_of=" | ", but_not=" & !"
)


# --- SQLite FTS5 ---------------------------------------------------------------------

# bm25 weights of title, summary and body.
SQLITE_WEIGHTS = "10.0, 4.0, 1.0"


class SQLiteBackend(Backend):
    def store(self, rows: Sequence[Row]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT OR REPLACE INTO search_fts (rowid, title, summary, body) "
                "VALUES (%s, %s, %s, %s)",
                [
                    (kind_base(kind) + id, title, summary, body)
                    for kind, id, title, summary, body in rows
                ],
            )

    def delete(self, kind: str, ids: Sequence[int]) -> None:
        base = kind_base(kind)
        with connection.cursor() as cursor:
            cursor.executemany(
                "DELETE FROM search_fts WHERE rowid = %s", [(base + id,) for id in ids]
            )

    def clear(self, kind: str) -> None:
        base = kind_base(kind)
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM search_fts WHERE rowid BETWEEN %s AND %s", [base, base + KIND_SPAN - 1]
            )

    def similar_words(self, word: str) -> list[tuple[str, str, int]]:
        grams = trigrams(word)
        if not grams:
            return []
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT l.word, l.token, l.frequency FROM search_lexicon_trigram t "
                "JOIN search_lexicon l ON l.id = t.rowid "
                "WHERE search_lexicon_trigram MATCH %s AND length(l.word) BETWEEN %s AND %s "
                f"ORDER BY bm25(search_lexicon_trigram) LIMIT {SIMILAR_WORDS_LIMIT}",
                [" OR ".join(f'"{gram}"' for gram in grams), len(word) - 2, len(word) + 2],
            )
            return cursor.fetchall()

    def ranked_sql(self, kind: str, plan: Plan, among: str | None = None) -> tuple[str, list]:
        base = kind_base(kind)
        bounds = [base, base + KIND_SPAN - 1]
        # An expression, not a bare rowid: FTS5 scans its match once, then SQLite filters
        # the rows before scoring them.
        only, only_params = (
            (f" AND search_fts.rowid - %s IN ({among})", [base]) if among else ("", [])
        )
        if not plan.relaxed:
            expression = FTS5.expression(plan.clauses, plan.excluded)
            if plan.optional:
                # The OR-ed group always matches; it lets optional words weigh in bm25
                # (and the required ones twice as much).
                ranking = FTS5.expression(plan.ranking, any_of=True)
                expression = f"({expression}) AND ({ranking})"
            return (
                f"SELECT rowid - %s AS id, -bm25(search_fts, {SQLITE_WEIGHTS}) AS score "
                "FROM search_fts WHERE search_fts MATCH %s AND rowid BETWEEN %s AND %s" + only,
                [base, expression, *bounds, *only_params],
            )
        hits, hits_params = self._hits_sql(plan, bounds)
        return (
            f"SELECT search_fts.rowid - %s AS id, "
            f"-bm25(search_fts, {SQLITE_WEIGHTS}) * hits.n / %s AS score "
            f"FROM search_fts JOIN ({hits}) AS hits ON hits.id = search_fts.rowid "
            "WHERE search_fts MATCH %s AND search_fts.rowid BETWEEN %s AND %s" + only,
            [
                base,
                float(len(plan.clauses)),
                *hits_params,
                FTS5.expression(plan.ranking, plan.excluded, any_of=True),
                *bounds,
                *only_params,
            ],
        )

    def match_sql(self, kind: str, plan: Plan) -> tuple[str, list]:
        base = kind_base(kind)
        bounds = [base, base + KIND_SPAN - 1]
        if not plan.relaxed:
            return (
                "SELECT rowid - %s AS id FROM search_fts WHERE search_fts MATCH %s "
                "AND rowid BETWEEN %s AND %s",
                [base, FTS5.expression(plan.clauses, plan.excluded), *bounds],
            )
        hits, params = self._hits_sql(plan, bounds)
        return f"SELECT id - %s AS id FROM ({hits}) AS hits", [base, *params]

    def _hits_sql(self, plan: Plan, bounds: list[int]) -> tuple[str, list]:
        """rowid and number of clauses matched, for documents matching enough of them."""
        one = "SELECT rowid AS id FROM search_fts WHERE search_fts MATCH %s AND rowid BETWEEN %s AND %s"
        params: list = []
        for clause in plan.clauses:
            params += [FTS5.expression([clause], plan.excluded), *bounds]
        union = " UNION ALL ".join([one] * len(plan.clauses))
        return (
            f"SELECT id, count(*) AS n FROM ({union}) GROUP BY id HAVING count(*) >= %s",
            [*params, plan.required],
        )


# --- PostgreSQL full text --------------------------------------------------------------

# ts_rank weights of D, C (body), B (summary) and A (title).
POSTGRES_WEIGHTS = "'{0.1, 0.2, 0.4, 1.0}'::float4[]"
# ts_rank normalisation: divide by 1 + the logarithm of the document length.
POSTGRES_NORMALIZATION = 1


class PostgreSQLBackend(Backend):
    def after_bulk_load(self) -> None:
        with connection.cursor() as cursor:
            # Entries left in GIN's pending list are scanned by every search until
            # merged (by autovacuum, later): merge them now.
            cursor.execute("SELECT gin_clean_pending_list('search_document_vector'::regclass)")
            # Without statistics, the planner takes `kind = …` for selective and scans the
            # primary key before the GIN index, many times slower.
            cursor.execute("ANALYZE search_document, search_lexicon")

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Let the server compute tsvectors while Python goes on (pipeline mode: results
        are awaited on leaving)."""
        connection.ensure_connection()
        with connection.connection.pipeline():
            yield

    @contextmanager
    def searching(self) -> Iterator[None]:
        """Within it, the planner uses the GIN index for a broad match: it takes `@@` for
        cheap and prefers reading every document once a word is in a sixth of them,
        when that costs twice the index's time (80 against 35 ms for 10,000 matches of
        115,000). The setting is the transaction's, put back on leaving."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('enable_seqscan'), set_config('enable_seqscan', 'off', true)"
            )
            (before, _) = cursor.fetchone()
            yield
            cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [before])

    VECTOR = (
        "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')"
        " || setweight(to_tsvector('simple', %s), 'C')"
    )

    def store(self, rows: Sequence[Row]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO search_document (kind, doc_id, vector) VALUES (%s, %s, {self.VECTOR}) "
                "ON CONFLICT (kind, doc_id) DO UPDATE SET vector = excluded.vector",
                list(rows),
            )

    def delete(self, kind: str, ids: Sequence[int]) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM search_document WHERE kind = %s AND doc_id = ANY(%s)",
                [kind, list(ids)],
            )

    def clear(self, kind: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM search_document WHERE kind = %s", [kind])

    def similar_words(self, word: str) -> list[tuple[str, str, int]]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word, token, frequency FROM search_lexicon "
                "WHERE word %% %s AND length(word) BETWEEN %s AND %s "
                f"ORDER BY similarity(word, %s) DESC LIMIT {SIMILAR_WORDS_LIMIT}",
                [word, len(word) - 2, len(word) + 2, word],
            )
            return cursor.fetchall()

    def ranked_sql(self, kind: str, plan: Plan, among: str | None = None) -> tuple[str, list]:
        rank = f"ts_rank({POSTGRES_WEIGHTS}, vector, ranking, {POSTGRES_NORMALIZATION})"
        ranking = TSQUERY.expression(plan.ranking, any_of=True)
        only = f" AND doc_id IN ({among})" if among else ""
        if not plan.relaxed:
            return (
                f"SELECT doc_id AS id, {rank} AS score FROM search_document, "
                "to_tsquery('simple', %s) AS query, to_tsquery('simple', %s) AS ranking "
                "WHERE kind = %s AND vector @@ query" + only,
                [TSQUERY.expression(plan.clauses, plan.excluded), ranking, kind],
            )
        count, params = self._clauses_matched(plan)
        return (
            f"SELECT id, rank * n / %s AS score FROM (SELECT doc_id AS id, {rank} AS rank, "
            f"{count} AS n FROM search_document, to_tsquery('simple', %s) AS query, "
            "to_tsquery('simple', %s) AS ranking "
            f"WHERE kind = %s AND vector @@ query{only}) AS hits WHERE n >= %s",
            [
                float(len(plan.clauses)),
                *params,
                TSQUERY.expression(plan.clauses, plan.excluded, any_of=True),
                ranking,
                kind,
                plan.required,
            ],
        )

    def match_sql(self, kind: str, plan: Plan) -> tuple[str, list]:
        if not plan.relaxed:
            return (
                "SELECT doc_id AS id FROM search_document "
                "WHERE kind = %s AND vector @@ to_tsquery('simple', %s)",
                [kind, TSQUERY.expression(plan.clauses, plan.excluded)],
            )
        count, params = self._clauses_matched(plan)
        return (
            "SELECT doc_id AS id FROM search_document WHERE kind = %s "
            f"AND vector @@ to_tsquery('simple', %s) AND {count} >= %s",
            [
                kind,
                TSQUERY.expression(plan.clauses, plan.excluded, any_of=True),
                *params,
                plan.required,
            ],
        )

    def _clauses_matched(self, plan: Plan) -> tuple[str, list]:
        one = "(vector @@ to_tsquery('simple', %s))::int"
        return (
            "(" + " + ".join([one] * len(plan.clauses)) + ")",
            [TSQUERY.expression([clause]) for clause in plan.clauses],
        )


BACKENDS: dict[str, type[Backend]] = {"sqlite": SQLiteBackend, "postgresql": PostgreSQLBackend}
