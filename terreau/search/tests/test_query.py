import pytest

from terreau.search.query import (
    MAX_QUERY_CHARS,
    AllOf,
    Clause,
    Lexicon,
    Term,
    parse_query,
    plan_query,
    required_clauses,
)
from terreau.search.synonyms import Synonyms

NO_SYNONYMS = Synonyms([])


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("logement social", [Term(("logement",)), Term(("social",))]),
        ('"habitat partagé"', [Term(("habitat", "partagé"), phrase=True)]),
        ("-prison vélo", [Term(("prison",), negated=True), Term(("vélo",))]),
        ("NOT prison", [Term(("prison",), negated=True)]),
        ("habit*", [Term(("habit",), prefix=True)]),
        ("logement OR habitat", [Term(("logement",)), Term(("habitat",), alternative=True)]),
        ("logement OU habitat", [Term(("logement",)), Term(("habitat",), alternative=True)]),
        ("jardin AND compost", [Term(("jardin",)), Term(("compost",))]),
        ("sans-abri", [Term(("sans",)), Term(("abri",))]),
        ('"unterminated phrase', [Term(("unterminated", "phrase"), phrase=True)]),
        ('"solo"', [Term(("solo",))]),
    ],
)
def test_query_syntax_is_understood(query, terms):
    assert parse_query(query) == terms


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        '"',
        '""',
        "*",
        "-",
        "- -",
        "OR",
        "OR OR AND NOT",
        "NEAR(a b, 3)",
        "a NEAR/2 b",
        "((((",
        ")))",
        "title:logement",
        "^logement",
        "'; DROP TABLE search_fts; --",
        "1' OR '1'='1",
        "logement\x00\x01\x1f\x7f",
        "\u202e\u200b\ufeff",
        "😀 東京 مرحبا ² ǅ",
        "x" * 10_000,
        "logement " * 5_000,
        "le la les de des du",
        "{title}: habitat",
        "a:b:c",
        "%s %% %(x)s",
    ],
)
def test_any_query_parses_without_error_into_bounded_terms(query):
    terms = parse_query(query)
    assert len(terms) <= 24
    assert all(term.words for term in terms)
    assert sum(len(word) for term in terms for word in term.words) <= MAX_QUERY_CHARS


def test_planning_every_malformed_query_never_raises():
    for query in ['"', "*", "- -", "NEAR(", "OR", "NOT", "\x00", "x" * 10_000, "le la"]:
        plan_query(parse_query(query), Lexicon(), NO_SYNONYMS)


def test_a_query_of_stop_words_only_asks_for_nothing():
    assert not plan_query(parse_query("le la les de"), Lexicon(), NO_SYNONYMS)


def test_question_words_are_dropped_when_the_query_says_something_else():
    plan = plan_query(parse_query("comment trouver un logement ?"), Lexicon(), NO_SYNONYMS)
    assert plan.clauses == (Clause((("log",),)),)


def test_a_query_of_question_words_alone_searches_them():
    plan = plan_query(parse_query("comment"), Lexicon(), NO_SYNONYMS)
    assert plan.clauses == (Clause((("comment",),)),)


def test_optional_words_rank_but_are_not_required():
    plan = plan_query(parse_query("accès à la culture"), Lexicon(), NO_SYNONYMS)
    assert plan.clauses == (Clause((("cultur",),)),)
    assert plan.optional == (Clause((("acces",),)),)
    plan = plan_query(parse_query("accès"), Lexicon(), NO_SYNONYMS)
    assert plan.clauses == (Clause((("acces",),)),)


def test_a_word_stands_for_its_indexed_forms_and_its_corrections():
    lexicon = Lexicon(
        forms={"handicapees": frozenset({"handicap"})},
        corrections={"illetrisme": frozenset({"illettr"})},
    )
    plan = plan_query(parse_query("illetrisme handicapees"), lexicon, NO_SYNONYMS)
    assert plan.clauses == (
        Clause((("illetr",), ("illettr",))),
        Clause((("handicap",), ("handicape",))),
    )


def test_a_prefix_stands_for_the_indexed_words_that_start_with_it():
    lexicon = Lexicon(prefixes={"loge": frozenset({"log", "loger"})})
    plan = plan_query(parse_query("loge*"), lexicon, NO_SYNONYMS)
    assert plan.clauses == (Clause((("log",), ("loger",))),)


def test_a_synonym_span_is_one_clause_with_the_typed_words_anywhere_or_any_variant():
    synonyms = Synonyms.from_texts(["personnes âgées, seniors"])
    plan = plan_query(parse_query("personnes âgées isolées"), Lexicon(), synonyms)
    assert plan.clauses == (
        Clause((("person", "age"), ("senior",), AllOf((("person",), ("age",))))),
        Clause((("isol",),)),
    )
    assert plan.required == 2


def test_or_joins_alternatives_and_negation_excludes():
    plan = plan_query(parse_query("logement OR habitat -prison"), Lexicon(), NO_SYNONYMS)
    assert plan.clauses == (Clause((("habitat",), ("log",))),)
    assert plan.excluded == (Clause((("prison",),)),)


def test_a_query_of_exclusions_only_asks_for_nothing():
    assert not plan_query(parse_query("-prison"), Lexicon(), NO_SYNONYMS)


@pytest.mark.parametrize(("clauses", "required"), [(1, 1), (2, 2), (3, 2), (4, 3), (5, 3), (8, 5)])
def test_long_queries_need_most_of_their_clauses_short_ones_all(clauses, required):
    assert required_clauses(clauses) == required


def test_optional_words_inside_a_synonym_span_are_not_required_either():
    synonyms = Synonyms.from_texts(["accès aux soins, offre de soins"])
    plan = plan_query(parse_query("accès aux soins"), Lexicon(), synonyms)
    assert plan.clauses == (Clause((("acces", "soin"), ("offre", "soin"), ("soin",))),)
