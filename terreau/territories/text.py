"""Name folding shared by the territory lookups: lowercase, no accents, no punctuation."""

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s'’\-_.]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Ligatures that Unicode does not decompose but people type as two letters.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def fold(text: str) -> str:
    """'Saint-Étienne' → 'saint etienne': what people type, whatever their keyboard."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", stripped).strip()


def printable(text: str) -> str:
    """`text` without control characters (a NUL byte cannot even reach PostgreSQL)."""
    return _CONTROL.sub("", text)
