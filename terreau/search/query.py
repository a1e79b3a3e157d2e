"""What a query asks for: parsing (never raises) and planning (which tokens a match must
contain). Pure module: the engine fetches what the index knows about the query's words
(`Lexicon`) and each backend renders the resulting `Plan` in its own syntax.

Syntax understood, everything else being plain words:
- `"exact words"` a phrase; `-word` or `NOT word` excludes; `word*` a prefix;
- `a OR b` (also `OU`) either; `AND`/`ET` is the default and ignored.
Punctuation, parentheses, SQL fragments, FTS operators (`NEAR(`, `^`, `:`) and control
characters are separators; only the first `MAX_QUERY_CHARS` characters are read.
"""

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import islice, product

from terreau.search.analysis import OPTIONAL_WORDS, QUESTION_WORDS, fold, token, words
from terreau.search.synonyms import QueryWord, Synonyms

MAX_QUERY_CHARS = 500
MAX_TERMS = 24
MAX_CLAUSES = 10
MAX_PHRASE_VARIANTS = 8
# Long natural-language queries match when they contain this share of their clauses.
LONG_QUERY_SHARE = 0.6

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SYNTAX = re.compile(
    r'(?P<negated>(?<!\S)-)?(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\W_]+)(?P<prefix>\*)?)'
)


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # casefolded, stop words included
    phrase: bool = False
    negated: bool = False
    prefix: bool = False
    alternative: bool = False  # joined to the previous term by OR


def parse_query(text: str) -> list[Term]:
    """The terms of a query string, whatever it contains."""
    text = _CONTROL.sub(" ", str(text)[:MAX_QUERY_CHARS])
    terms: list[Term] = []
    alternative = negated_next = False
    for match in _SYNTAX.finditer(text):
        word = match["word"]
        if word in ("OR", "OU"):
            alternative = bool(terms)
            continue
        if word in ("AND", "ET"):
            continue
        if word == "NOT":
            negated_next = True
            continue
        found = words(match["phrase"]) if word is None else [word.casefold()]
        if not found:
            continue
        negated = bool(match["negated"]) or negated_next
        terms.append(
            Term(
                words=tuple(found),
                phrase=len(found) > 1,
                negated=negated,
                prefix=bool(match["prefix"]) and not negated,
                alternative=alternative and not negated,
            )
        )
        alternative = negated_next = False
        if len(terms) == MAX_TERMS:
            break
    return terms


@dataclass(frozen=True)
class Lexicon:
    """What the index knows about a query's words (fetched by the engine)."""

    # folded word → tokens that surface word was indexed as ("handicapees" → {"handicap"})
    forms: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # the query's own tokens that some document contains
    known: frozenset[str] = frozenset()
    # folded word unknown to the index → tokens of the closest indexed words
    corrections: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # folded prefix → tokens of indexed words starting with it
    prefixes: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def word_forms(self, word: str) -> frozenset[str]:
        """Every token a typed word may stand for (empty for a stop word)."""
        own = token(word)
        if own is None:
            return frozenset()
        folded = fold(word)
        return (
            frozenset({own})
            | self.forms.get(folded, frozenset())
            | self.corrections.get(folded, frozenset())
        )

    def is_unknown(self, word: str) -> bool:
        own = token(word)
        return own is not None and own not in self.known and fold(word) not in self.forms


@dataclass(frozen=True)
class AllOf:
    """Every one of these words anywhere in a document, each in any of its forms."""

    words: tuple[tuple[str, ...], ...]


# A token, a phrase of consecutive tokens, or words anywhere in the document.
Alternative = tuple[str, ...] | AllOf


@dataclass(frozen=True)
class Clause:
    """Satisfied by a document containing any of its alternatives."""

    alternatives: tuple[Alternative, ...]


@dataclass(frozen=True)
class Plan:
    # Clauses a match must satisfy: all of them, or `required` of them for long queries.
    clauses: tuple[Clause, ...] = ()
    # Clauses that only rank ("accès" in "accès à la culture", see data/optional_words.txt).
    optional: tuple[Clause, ...] = ()
    excluded: tuple[Clause, ...] = ()
    required: int = 0

    def __bool__(self) -> bool:
        return bool(self.clauses)

    @property
    def relaxed(self) -> bool:
        return self.required < len(self.clauses)

    @property
    def ranking(self) -> tuple[Clause, ...]:
        """Every clause that counts towards the score."""
        return self.clauses + self.optional


def required_clauses(count: int) -> int:
    """Short queries need every clause; long ones (questions) most of them."""
    if count <= 2:
        return count
    return max(2, math.ceil(count * LONG_QUERY_SHARE))


def plan_query(terms: Iterable[Term], lexicon: Lexicon, synonyms: Synonyms) -> Plan:
    """Turn terms into clauses: each word becomes the set of tokens it may stand for,
    widened by the synonym rules; negated terms become exclusions."""
    terms = list(terms)
    positives = [term for term in terms if not term.negated]
    content = [term for term in positives if not _is_question_word(term)]
    if any(lexicon.word_forms(word) for term in content for word in term.words):
        positives = content
    built: list[Built] = []
    start = 0
    while start < len(positives):
        term = positives[start]
        if _is_bare(term):
            end = start + 1
            while end < len(positives) and _is_bare(positives[end]):
                if positives[end].alternative:
                    break
                end += 1
            built.extend(_bare_run(positives[start:end], lexicon, synonyms))
            start = end
            continue
        built.append(Built(term.alternative, _term_alternatives(term, lexicon)))
        start += 1
    clauses = _merge(built)[:MAX_CLAUSES]
    mandatory = [clause for clause, optional in clauses if not optional]
    optional = [clause for clause, optional in clauses if optional and clause not in mandatory]
    if not mandatory:
        mandatory, optional = optional, []
    if not mandatory:
        return Plan()
    excluded = _merge(
        Built(False, _term_alternatives(term, lexicon)) for term in terms if term.negated
    )
    return Plan(
        clauses=tuple(mandatory),
        optional=tuple(optional),
        excluded=tuple(clause for clause, _ in excluded),
        required=required_clauses(len(mandatory)),
    )


@dataclass(frozen=True)
class Built:
    alternative: bool  # OR-ed with the previous one
    alternatives: frozenset[Alternative]
    optional: bool = False


def _is_bare(term: Term) -> bool:
    return not (term.phrase or term.prefix or term.negated)


def _is_question_word(term: Term) -> bool:
    return len(term.words) == 1 and fold(term.words[0]) in QUESTION_WORDS


def _bare_run(run: list[Term], lexicon: Lexicon, synonyms: Synonyms) -> list[Built]:
    query = [QueryWord(fold(term.words[0]), lexicon.word_forms(term.words[0])) for term in run]
    spans = {span.start: span for span in synonyms.find(query)}
    built = []
    position = 0
    while position < len(run):
        span = spans.get(position)
        alternatives = {(form,) for form in query[position].forms}
        optional = query[position].folded in OPTIONAL_WORDS
        if span:
            end = span.end
            if end - position > 1:
                # The words as typed, anywhere (leaving out optional ones: "accès aux
                # soins" is "soins"), or any variant of the synonym rule.
                optional = False
                span_words = [word for word in query[position:end] if word.forms]
                needed = [word for word in span_words if word.folded not in OPTIONAL_WORDS]
                typed = [tuple(sorted(word.forms)) for word in needed or span_words]
                alternatives = {AllOf(tuple(typed))} if len(typed) > 1 else set(typed)
            alternatives.update(span.expansions)
        else:
            end = position + 1
        built.append(Built(run[position].alternative, frozenset(alternatives), optional))
        position = end
    return built


def _term_alternatives(term: Term, lexicon: Lexicon) -> frozenset[Alternative]:
    word_forms = [sorted(lexicon.word_forms(word)) for word in term.words]
    if term.prefix:
        own = {(form,) for form in word_forms[0]}
        return frozenset(own | {(tok,) for tok in lexicon.prefixes.get(fold(term.words[0]), ())})
    word_forms = [forms for forms in word_forms if forms]
    return (
        frozenset(islice(product(*word_forms), MAX_PHRASE_VARIANTS)) if word_forms else frozenset()
    )


def _merge(built: Iterable[Built]) -> list[tuple[Clause, bool]]:
    """Join OR-ed alternatives into the previous clause, drop empty and repeated ones;
    answers (clause, optional) pairs."""
    groups: list[tuple[set[Alternative], list[bool]]] = []
    for part in built:
        if not part.alternatives:
            continue
        if part.alternative and groups:
            groups[-1][0].update(part.alternatives)
            groups[-1][1].append(part.optional)
        else:
            groups.append((set(part.alternatives), [part.optional]))
    clauses: list[tuple[Clause, bool]] = []
    seen = set()
    for alternatives, optional in groups:
        clause = Clause(alternatives=tuple(sorted(alternatives, key=repr)))
        if clause not in seen:
            seen.add(clause)
            clauses.append((clause, all(optional)))
    return clauses
