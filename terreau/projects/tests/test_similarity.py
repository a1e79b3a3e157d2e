import pytest

from terreau.projects.similarity import Features, most_similar, score, words

LYON = {
    "territory": "commune:69123",
    "epci": "epci:200046977",
    "departement": "departement:69",
    "region": "region:84",
}
VILLEURBANNE = {**LYON, "territory": "commune:69266"}
GRENOBLE = {"territory": "commune:38185", "epci": "", "departement": "departement:38", "region": "region:84"}  # fmt: skip
PARIS = {"territory": "commune:75056", "epci": "", "departement": "departement:75", "region": "region:11"}  # fmt: skip


def features(id, domains=(), places=PARIS, text=""):
    return Features(id=id, domains=frozenset(domains), places=places, words=words(text))


TARGET = features(1, ["logement", "vieillissement"], LYON, "Habitat intergénérationnel à Lyon")

WORDS = [
    ("Les Personnes Âgées", {"personnes", "agees"}),
    ("un projet de la ville", {"ville"}),  # stopwords and short words go
    ("Café-répare, vélo", {"cafe", "repare", "velo"}),
    ("", set()),
]


@pytest.mark.parametrize(("text", "expected"), WORDS)
def test_words_keep_meaningful_folded_words(text, expected):
    assert words(text) == expected


# (candidate, which is closer to TARGET than which)
ORDER = [
    (features(2, ["logement"], PARIS), features(3, [], PARIS)),
    (features(2, ["logement", "vieillissement"], PARIS), features(3, ["logement"], PARIS)),
    (features(2, [], LYON), features(3, [], VILLEURBANNE)),
    (features(2, [], VILLEURBANNE), features(3, [], GRENOBLE)),
    (features(2, [], GRENOBLE), features(3, [], PARIS)),
    (features(2, text="habitat intergénérationnel"), features(3, text="atelier vélo")),
]


@pytest.mark.parametrize(("closer", "farther"), ORDER)
def test_score_prefers_shared_domains_nearer_places_and_common_words(closer, farther):
    assert score(TARGET, closer) > score(TARGET, farther)


def test_a_project_with_nothing_in_common_scores_zero():
    assert score(TARGET, features(9, ["numerique"], PARIS, "Atelier informatique")) == 0


def test_most_similar_ranks_drops_unrelated_and_itself_and_keeps_the_limit():
    candidates = [
        TARGET,
        features(2, ["logement"], GRENOBLE),
        features(3, ["numerique"], PARIS, "Atelier informatique"),
        features(4, ["logement", "vieillissement"], VILLEURBANNE),
        features(5, [], LYON, "Habitat partagé"),
        features(6, ["logement"], GRENOBLE),
    ]
    assert most_similar(TARGET, candidates, limit=3) == [4, 5, 2]
    assert most_similar(TARGET, candidates, limit=10) == [4, 5, 2, 6]
    assert most_similar(TARGET, [], limit=3) == []
