"""Typo tolerance: how far a typed word may be from a known one. Pure module.

"illetrisme" is one edit from "illettrisme", "scolarisaton" one from "scolarisation".
Short words tolerate fewer edits, or none: "rue" and "rsa" must not turn into other words.
"""

from collections.abc import Iterable


def allowed_edits(word: str) -> int:
    """Edits tolerated for a word of this length (0 below 4 letters, 1 up to 7, then 2)."""
    if len(word) < 4 or word.isdigit():
        return 0
    return 1 if len(word) <= 7 else 2


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (insertions, deletions, substitutions and
    transpositions of neighbours), or `limit + 1` as soon as it exceeds `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def corrections(word: str, candidates: Iterable[tuple[str, int]]) -> list[str]:
    """The candidates (word, frequency) closest to `word` within its allowed edits, the
    most frequent first; empty when none is close enough."""
    limit = allowed_edits(word)
    if not limit:
        return []
    scored = []
    for candidate, frequency in candidates:
        if candidate == word:
            continue
        distance = edit_distance(word, candidate, limit)
        # People seldom mistype a word's first letter: such a change costs one edit more.
        distance += candidate[:1] != word[:1]
        if distance <= limit:
            scored.append((distance, -frequency, candidate))
    if not scored:
        return []
    best = min(distance for distance, _, _ in scored)
    return [candidate for distance, _, candidate in sorted(scored) if distance == best]
