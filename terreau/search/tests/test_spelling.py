import pytest

from terreau.search.spelling import allowed_edits, corrections, edit_distance


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("illetrisme", "illettrisme", 1),
        ("scolarisaton", "scolarisation", 1),
        ("handicapes", "handicapees", 1),
        ("velo", "vleo", 1),  # neighbours swapped
        ("logement", "logement", 0),
        ("chat", "chien", 3),
        ("", "abc", 3),
    ],
)
def test_edit_distance_counts_insertions_deletions_substitutions_and_swaps(a, b, distance):
    assert edit_distance(a, b, limit=5) == distance


def test_edit_distance_stops_counting_past_its_limit():
    assert edit_distance("intergenerationnel", "illettrisme", limit=2) == 3


@pytest.mark.parametrize(
    ("word", "edits"),
    [("rsa", 0), ("rue", 0), ("2024", 0), ("velo", 1), ("culture", 1), ("illetrisme", 2)],
)
def test_short_words_tolerate_fewer_typos_than_long_ones(word, edits):
    assert allowed_edits(word) == edits


def test_corrections_are_the_closest_known_words_the_most_frequent_first():
    known = [("illettrisme", 3), ("illettres", 9), ("alphabetisation", 5), ("illettre", 12)]
    assert corrections("illetrisme", known) == ["illettrisme"]
    assert corrections("illetres", [("illettres", 9), ("illetrees", 12)]) == [
        "illetrees",
        "illettres",
    ]


def test_a_word_far_from_every_known_word_has_no_correction():
    assert corrections("zzzzzzzz", [("logement", 4)]) == []
    assert corrections("rsa", [("rsb", 4)]) == []


def test_changing_the_first_letter_costs_one_edit_more():
    assert corrections("alimentaire", [("elementaire", 40)]) == []
    assert corrections("velo", [("celo", 40)]) == []
    assert corrections("illetrisme", [("illettrisme", 1)]) == ["illettrisme"]
