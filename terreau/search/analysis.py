"""The French analyzer shared by both search backends: plain text in, index tokens out.

A word becomes a token in four steps: casefold, drop it if it is a stop word (elided
articles such as the "l" of "l'habitat" are stop words once the apostrophe splits them
off), stem it with Snowball French, then strip the accents. Stemming comes before
unaccenting because Snowball expects accented French ("âgées" → "âgé" → "age"); a query
typed without accents is brought back to the documents' tokens by the lexicon (see
engine.py), which remembers the unaccented surface form of every indexed word.

Pure module: no database, no Django.
"""

import re
import threading
import unicodedata
from collections.abc import Mapping
from pathlib import Path

import Stemmer

DATA_DIR = Path(__file__).parent / "data"

# Letters and digits; hyphens, apostrophes, underscores and punctuation separate words.
WORD = re.compile(r"[^\W_]+")
# Longer "words" are noise (identifiers, pasted garbage): never tokens.
MAX_WORD_LENGTH = 40
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def fold(text: str) -> str:
    """Casefold and strip accents: "Âgées" → "agees", "sœur" → "soeur"."""
    text = text.casefold().translate(LIGATURES)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> list[str]:
    """The casefolded words of `text`, split on anything that is not a letter or digit."""
    return WORD.findall(text.casefold())


def read_word_list(name: str) -> frozenset[str]:
    """A word list of data/ (words separated by blanks, `#` comments), folded."""
    found: set[str] = set()
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0]
        found.update(fold(word) for word in words(line))
    return frozenset(found)


STOP_WORDS = read_word_list("stopwords.txt")
QUESTION_WORDS = read_word_list("question_words.txt")
OPTIONAL_WORDS = read_word_list("optional_words.txt")

_local = threading.local()


def _stemmer() -> Stemmer.Stemmer:
    # PyStemmer objects are not thread-safe: one per thread.
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("french")
    return stemmer


def _entry(word: str) -> tuple[str, str, str] | None:
    """(token, folded surface form, plain token) of a casefolded word, or None for a stop
    word. The plain token stems the word stripped of its accents, which may differ from
    its token ("isolées" → "isol", but "isolees" → "isole"): the lexicon keeps both, so
    that a query typed without accents finds the documents' tokens."""
    if len(word) > MAX_WORD_LENGTH:
        return None
    folded = fold(word)
    if folded in STOP_WORDS or (len(folded) < 2 and not folded.isdigit()):
        return None
    stemmer = _stemmer()
    token = fold(stemmer.stemWord(word))
    plain = stemmer.stemWord(folded)
    # Without its accent, a final "é" no longer reads as a suffix: "handicapees" stems to
    # "handicape" but "handicapé" to "handicap". Dropping the final "e" brings them together.
    if plain.endswith("e") and len(plain) > 4:
        plain = plain[:-1]
    return token, folded, plain


class _EntryCache(dict):
    """word → (token, folded, plain) memo: indexing 100 000 documents analyses a few thousand
    distinct words millions of times. Bounded so that odd queries cannot grow it forever."""

    LIMIT = 100_000

    def __missing__(self, word: str) -> tuple[str, str, str] | None:
        if len(self) >= self.LIMIT:
            self.clear()
        value = self[word] = _entry(word)
        return value


_entries = _EntryCache()


def entry(word: str) -> tuple[str, str, str] | None:
    """(token, folded surface form, plain token) of one word, or None for a stop word."""
    return _entries[word.casefold()]


def token(word: str) -> str | None:
    """The index token of one word, or None when it is a stop word."""
    found = _entries[word.casefold()]
    return found[0] if found else None


def plain_token(word: str) -> str | None:
    """The token of a word once stripped of its accents ("isolées" → "isole")."""
    found = _entries[word.casefold()]
    return found[2] if found else None


def analyze(text: str) -> list[str]:
    """The index tokens of `text`, in order: "Les logements des personnes âgées" →
    ["log", "person", "age"]."""
    return [found[0] for found in map(_entries.__getitem__, words(text)) if found]


def analyze_words(text: str) -> tuple[list[str], list[str]]:
    """`analyze(text)` and the casefolded words of `text` (for the lexicon)."""
    found = words(text)
    return [entry[0] for entry in map(_entries.__getitem__, found) if entry], found


def lexicon_rows(word_counts: Mapping[str, int]) -> list[tuple[str, str, str, str, int]]:
    """(folded word, token, plain token, display form, occurrences) for the casefolded
    words of indexed documents and how often they occur: the lexicon maps what a user may
    type back to index tokens."""
    rows: dict[tuple[str, str], list] = {}
    for word, count in word_counts.items():
        found = _entries[word]
        if not found:
            continue
        token, folded, plain = found
        row = rows.get((folded, token))
        if row is None:
            rows[(folded, token)] = [folded, token, plain, word, count]
            continue
        row[4] += count
        # Prefer the accented spelling for display ("handicapées" over "handicapees").
        if len(word.encode()) > len(row[3].encode()):
            row[3] = word
    return [tuple(row) for row in rows.values()]
