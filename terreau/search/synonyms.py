"""Synonyms and acronyms applied at query time. Pure module.

The list is plain text an operator can extend (data/synonyms.txt, and any file named in
settings.TERREAU_SEARCH_SYNONYMS), in the format of Solr's synonym files:

    EHPAD, maison de retraite, établissement pour personnes âgées dépendantes
    à la rue => sans-abri, sans domicile, SDF

A line of comma-separated variants makes them equivalent: a query containing any of them
also finds the others. With `=>`, a query containing a variant on the left finds the
variants on the right instead (list it on the right too to keep it).

Variants are compared through the analyzer, so "personne âgée" matches the variant
"personnes âgées" and "agees" matches "âgées". Stop words inside a variant must be typed
as such: "à la rue" is not triggered by "rue" alone.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from terreau.search.analysis import entry, fold, words


@dataclass(frozen=True)
class Variant:
    # (folded word, token or None for a stop word), in order.
    words: tuple[tuple[str, str | None], ...]

    @property
    def tokens(self) -> tuple[str, ...]:
        return tuple(token for _, token in self.words if token)

    @classmethod
    def parse(cls, text: str) -> "Variant":
        found = []
        for word in words(text):
            analysed = entry(word)
            found.append((fold(word), analysed[0] if analysed else None))
        return cls(tuple(found))


@dataclass(frozen=True)
class Rule:
    matches: tuple[Variant, ...]
    expansions: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class QueryWord:
    """One word of a query as the synonym finder sees it."""

    folded: str
    # Every index token this word may stand for (its own stem, lexicon forms, corrections).
    forms: frozenset[str]


@dataclass(frozen=True)
class Span:
    start: int
    end: int  # exclusive
    expansions: tuple[tuple[str, ...], ...]


def parse_rules(lines: Iterable[str]) -> list[Rule]:
    """Rules of a synonym file; blank lines and `#` comments are skipped, as are variants
    made only of stop words."""
    rules = []
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        left, arrow, right = line.partition("=>")
        matches = _variants(left)
        expansions = _variants(right) if arrow else matches
        tokens = tuple(dict.fromkeys(variant.tokens for variant in expansions))
        if matches and tokens:
            rules.append(Rule(matches=tuple(matches), expansions=tokens))
    return rules


def _variants(text: str) -> list[Variant]:
    variants = (Variant.parse(part) for part in text.split(","))
    return [variant for variant in variants if variant.tokens]


class Synonyms:
    def __init__(self, rules: Sequence[Rule]):
        # Candidate (variant, rule) pairs keyed by what their first word must be.
        self._by_first: dict[str, list[tuple[Variant, Rule]]] = {}
        # Every token the rules mention: real words, not typos to correct.
        self.tokens: frozenset[str] = frozenset(
            token
            for rule in rules
            for variant in rule.matches
            for _, token in variant.words
            if token
        )
        for rule in rules:
            for variant in rule.matches:
                folded, token = variant.words[0]
                self._by_first.setdefault(token or folded, []).append((variant, rule))

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> "Synonyms":
        return cls([rule for text in texts for rule in parse_rules(text.splitlines())])

    def find(self, query: Sequence[QueryWord]) -> list[Span]:
        """Non-overlapping spans of `query` that match a variant, longest match first,
        scanning left to right."""
        spans = []
        start = 0
        while start < len(query):
            span = self._longest_at(query, start)
            if span:
                spans.append(span)
                start = span.end
            else:
                start += 1
        return spans

    def _longest_at(self, query: Sequence[QueryWord], start: int) -> Span | None:
        """The longest variant matching at `start`; rules sharing that variant pool their
        expansions."""
        first = query[start]
        end = start
        expansions: dict[tuple[str, ...], None] = {}
        for key in sorted({first.folded, *first.forms}):
            for variant, rule in self._by_first.get(key, ()):
                stop = start + len(variant.words)
                if stop < end or stop > len(query) or not _matches(variant, query[start:stop]):
                    continue
                if stop > end:
                    end, expansions = stop, {}
                expansions.update(dict.fromkeys(rule.expansions))
        if end == start:
            return None
        return Span(start=start, end=end, expansions=tuple(expansions))


def _matches(variant: Variant, query: Sequence[QueryWord]) -> bool:
    for (folded, token), word in zip(variant.words, query, strict=True):
        if token is None:
            if word.folded != folded:
                return False
        elif token not in word.forms:
            return False
    return True
