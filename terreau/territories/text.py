"""Name folding shared by the territory lookups: lowercase, no accents, no punctuation."""

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s'’\-_.]+")
# Ligatures that Unicode does not decompose but people type as two letters.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def fold(text: str) -> str:
    """'Saint-Étienne' → 'saint etienne': what people type, whatever their keyboard."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", stripped).strip()
