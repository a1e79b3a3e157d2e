"""Which published projects resemble a given one (pure: plain data in, ids out).

Cheap on purpose: the page compares one project with a few hundred candidates that
already share a domain or a territory with it, using shared domains, territorial
closeness and the overlap of meaningful words in their names and summaries.
"""

import re
import unicodedata
from dataclasses import dataclass

# French and English words too common to say anything about a project.
STOPWORDS = frozenset(
    """au aux avec ce ces dans de des du elle en et eux il ils je la le les leur leurs lui
    ma mais me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses
    son sur ta te tes toi ton tu un une vos votre vous est sont ont plus tout tous toute
    toutes entre chez afin etre avoir fait faire projet projets association
    the and for with from that this are was our your their who which into about""".split()  # noqa: SIM905 - a word list reads better as text
)
_WORD = re.compile(r"[a-z0-9]+")

# How much each kind of closeness weighs.
DOMAIN_WEIGHT = 2.0
PLACE_WEIGHTS = {"territory": 3.0, "epci": 2.0, "departement": 1.5, "region": 1.0}
TEXT_WEIGHT = 4.0


@dataclass(frozen=True)
class Features:
    id: int
    domains: frozenset[str]
    # The territory code and its ancestors: {"territory", "epci", "departement", "region"}.
    places: dict
    words: frozenset[str]


def words(*texts: str) -> frozenset[str]:
    """Meaningful words of `texts`, lowercase and without accents."""
    # Dropping the combining accents through an ASCII encode runs in C: a page compares
    # a few hundred summaries, so this matters.
    folded = unicodedata.normalize("NFKD", " ".join(texts).lower())
    plain = folded.encode("ascii", "ignore").decode("ascii")
    return frozenset(
        word for word in _WORD.findall(plain) if len(word) > 2 and word not in STOPWORDS
    )


def score(target: Features, other: Features) -> float:
    """How close `other` is to `target`: 0 means nothing in common."""
    total = DOMAIN_WEIGHT * len(target.domains & other.domains)
    for level, weight in PLACE_WEIGHTS.items():
        code = target.places.get(level)
        if code and code == other.places.get(level):
            total += weight
            break  # the closest shared level counts, not every level above it
    union = target.words | other.words
    if union:
        total += TEXT_WEIGHT * len(target.words & other.words) / len(union)
    return total


def most_similar(target: Features, candidates: list[Features], *, limit: int) -> list[int]:
    """Ids of the `limit` candidates closest to `target` (ties: lower id first)."""
    scored = [
        (score(target, candidate), candidate.id)
        for candidate in candidates
        if candidate.id != target.id
    ]
    ranked = sorted((item for item in scored if item[0] > 0), key=lambda item: (-item[0], item[1]))
    return [candidate_id for _score, candidate_id in ranked[:limit]]
