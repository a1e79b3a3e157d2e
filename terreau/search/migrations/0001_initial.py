"""Search tables for whichever database runs: SQLite FTS5 or PostgreSQL full text.

One migration history serves both vendors: each step checks the connection's vendor.
"""

from django.db import migrations

SQLITE = [
    # Pre-analysed tokens (analysis.py): unicode61 only splits them and folds diacritics.
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, summary, body, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE TABLE search_lexicon ("
    "id INTEGER PRIMARY KEY, word TEXT NOT NULL, token TEXT NOT NULL, plain TEXT NOT NULL, "
    "display TEXT NOT NULL, frequency INTEGER NOT NULL DEFAULT 0, UNIQUE (word, token))",
    "CREATE INDEX search_lexicon_token ON search_lexicon (token)",
    "CREATE INDEX search_lexicon_plain ON search_lexicon (plain)",
    # Trigrams of the lexicon's words, for typo tolerance (kept in step by triggers).
    "CREATE VIRTUAL TABLE search_lexicon_trigram USING fts5("
    "word, content = 'search_lexicon', content_rowid = 'id', tokenize = 'trigram')",
    "CREATE TRIGGER search_lexicon_added AFTER INSERT ON search_lexicon BEGIN "
    "INSERT INTO search_lexicon_trigram (rowid, word) VALUES (new.id, new.word); END",
    "CREATE TRIGGER search_lexicon_removed AFTER DELETE ON search_lexicon BEGIN "
    "INSERT INTO search_lexicon_trigram (search_lexicon_trigram, rowid, word) "
    "VALUES ('delete', old.id, old.word); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER search_lexicon_removed",
    "DROP TRIGGER search_lexicon_added",
    "DROP TABLE search_lexicon_trigram",
    "DROP TABLE search_lexicon",
    "DROP TABLE search_fts",
]

POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # French with accents stripped, for ad-hoc SQL and reports. The engine itself indexes
    # the shared analyzer's tokens: it stems before unaccenting, so that "âgé" and "agées"
    # or "handicapés" and "handicapees" meet, which this configuration does not.
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
            CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
            ALTER TEXT SEARCH CONFIGURATION french_unaccent
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
        END IF;
    END $$""",
    "CREATE TABLE search_document ("
    "kind varchar(32) NOT NULL, doc_id bigint NOT NULL, vector tsvector NOT NULL, "
    "PRIMARY KEY (kind, doc_id))",
    "CREATE INDEX search_document_vector ON search_document USING gin (vector)",
    'CREATE TABLE search_lexicon (word text COLLATE "C" NOT NULL, token text NOT NULL, '
    "plain text NOT NULL, display text NOT NULL, frequency bigint NOT NULL DEFAULT 0, PRIMARY KEY (word, token))",
    "CREATE INDEX search_lexicon_token ON search_lexicon (token)",
    "CREATE INDEX search_lexicon_plain ON search_lexicon (plain)",
    "CREATE INDEX search_lexicon_trigram ON search_lexicon USING gin (word gin_trgm_ops)",
]
POSTGRESQL_REVERSE = ["DROP TABLE search_lexicon", "DROP TABLE search_document"]


def run(statements: dict[str, list[str]]):
    def operation(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.RunPython(
            run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
