import pytest

from terreau.search.analysis import analyze, fold, lexicon_rows, plain_token, token


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("logement", "logements"),
        ("âgé", "âgées"),
        ("âgée", "âgés"),
        ("handicapé", "handicapés"),
        ("enfant", "Enfants"),
        ("illettrisme", "ILLETTRISME"),
        ("école", "écoles"),
        ("sœur", "soeurs"),
    ],
)
def test_inflected_forms_of_a_word_share_one_token(first, second):
    assert token(first) == token(second)


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Les logements des personnes âgées", ["log", "person", "age"]),
        ("l'habitat", ["habitat"]),
        ("L’école d'Ernest", ["ecol", "ernest"]),
        ("qu'il n'y a jusqu'à présent", ["present"]),
        ("sans-abri", ["san", "abri"]),
        ("Micro-Élan", ["micro", "elan"]),
        ("intergénérationnel", ["intergenerationnel"]),
        ("MJC, RSA & EHPAD !", ["mjc", "rsa", "ehpad"]),
        ("le la les de des du", []),
        ("", []),
        ("2024 : 1 500 repas", ["2024", "1", "500", "rep"]),
        ("snake_case", ["snak", "cas"]),
    ],
)
def test_analyzing_text_casefolds_drops_elisions_and_stop_words_stems_then_unaccents(text, tokens):
    assert analyze(text) == tokens


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Âgées", "agees"),
        ("Œuvre", "oeuvre"),
        ("ÉCOLE", "ecole"),
        ("naïve", "naive"),
        ("Straße", "strasse"),
    ],
)
def test_folding_strips_accents_and_case(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("typed", "indexed"),
    [
        ("handicapees", "handicapées"),
        ("handicapee", "handicapé"),
        ("isolees", "isolées"),
        ("agees", "âgées"),
    ],
)
def test_a_word_typed_without_accents_has_the_plain_token_of_the_accented_one(typed, indexed):
    assert plain_token(typed) == plain_token(indexed)


def test_a_word_longer_than_forty_letters_is_never_a_token():
    assert analyze("a" * 41 + " logement") == ["log"]


def test_the_lexicon_keeps_the_accented_spelling_for_display_and_counts_occurrences():
    rows = lexicon_rows({"eleve": 1, "élève": 2, "les": 9})
    assert rows == [("eleve", "elev", "elev", "élève", 3)]
