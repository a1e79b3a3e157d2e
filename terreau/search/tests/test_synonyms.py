from terreau.search.analysis import fold, token
from terreau.search.synonyms import QueryWord, Synonyms, parse_rules

RULES = """
# a comment line
MJC, maison des jeunes et de la culture
personnes âgées, seniors, aînés
à la rue => sans-abri, SDF
jeunes enfants, tout-petits
petite enfance, jeunes enfants, crèche
"""


def _query(text: str) -> list[QueryWord]:
    return [
        QueryWord(fold(word), frozenset({token(word)} if token(word) else set()))
        for word in text.split()
    ]


def _found(text: str) -> list[tuple[int, int, set]]:
    synonyms = Synonyms.from_texts([RULES])
    return [(s.start, s.end, set(s.expansions)) for s in synonyms.find(_query(text))]


def test_an_acronym_expands_to_its_spelled_out_form_and_back():
    expansions = {("mjc",), ("maison", "jeun", "cultur")}
    assert _found("MJC") == [(0, 1, expansions)]
    assert _found("maison des jeunes et de la culture") == [(0, 7, expansions)]


def test_variants_match_whatever_the_inflection_or_the_accents():
    expansions = {("person", "age"), ("senior",), ("ain",)}
    assert _found("personne agée isolée") == [(0, 2, expansions)]
    assert _found("SENIOR") == [(0, 1, expansions)]


def test_stop_words_written_in_a_variant_must_be_typed():
    assert _found("vivre à la rue") == [(1, 4, {("san", "abri"), ("sdf",)})]
    assert _found("rue piétonne") == []


def test_an_arrow_rule_works_one_way_only():
    assert _found("SDF") == []


def test_rules_sharing_a_variant_pool_their_expansions():
    (start, end, expansions) = _found("jeunes enfants")[0]
    assert (start, end) == (0, 2)
    assert expansions == {("jeun", "enfant"), ("tout", "petit"), ("petit", "enfanc"), ("crech",)}


def test_blank_lines_comments_and_stop_word_only_variants_make_no_rule():
    assert parse_rules(["", "# nothing", "le, la, les", "  "]) == []
