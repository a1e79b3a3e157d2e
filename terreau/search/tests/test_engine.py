"""The engine through its public functions, on whichever database runs the suite."""

import pytest
from django.db import connection
from django.db.models.expressions import RawSQL
from django.test import override_settings

from terreau.search import engine
from terreau.search.engine import Document

pytestmark = pytest.mark.django_db

HOUSING = Document(
    "project",
    1,
    "Maison des générations",
    "Un habitat intergénérationnel où étudiants et personnes âgées partagent un toit.",
    "Des logements pour les aînés isolés et les jeunes en formation.",
)
LITERACY = Document(
    "project",
    2,
    "Les Mots Passants",
    "Ateliers de lecture pour les adultes en situation d'illettrisme.",
    "Une remise à niveau en lecture, écriture et calcul.",
)
MOBILITY = Document(
    "project",
    3,
    "Navette Accessible",
    "Un minibus transporte à la demande les personnes handicapées des villages.",
    "Les personnes à mobilité réduite rejoignent les soins et les commerces.",
)
YOUTH_CLUB = Document(
    "project",
    4,
    "Studio Ampli",
    "Un studio d'enregistrement ouvert aux adolescents.",
    "Installé dans la maison des jeunes et de la culture du quartier.",
)
ORGANISATION = Document("organisation", 1, "Habitat et Humanisme", "Une fédération.", "")


@pytest.fixture
def indexed():
    engine.index_documents([HOUSING, LITERACY, MOBILITY, YOUTH_CLUB, ORGANISATION])


def ids(query: str, kind: str = "project") -> list[int]:
    return [record_id for record_id, _ in engine.ranked_ids(kind, query)]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("logement", [1]),
        ("LOGEMENTS", [1]),
        ("habitat intergénérationnel", [1]),
        ("habitat intergenerationnel", [1]),
        ("personnes âgées", [1]),
        ("personne agee", [1]),
        ("personnes agees isolees", [1]),
        ("âgé", [1]),
        ("personnes handicapées", [3]),
        ("handicapes", [3]),
        ("handicapees", [3]),
        ("Lecture", [2]),
        ("écriture", [2]),
        ("ecriture", [2]),
    ],
)
def test_search_ignores_case_and_accents_and_matches_inflected_forms(indexed, query, found):
    assert ids(query) == found


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("illetrisme", [2]),
        ("intergenerationel", [1]),
        ("handicapées mobilté", [3]),
        ("minibuss", [3]),
    ],
)
def test_a_mistyped_word_finds_the_word_it_is_close_to(indexed, query, found):
    assert ids(query) == found


def test_did_you_mean_corrects_mistyped_words_and_keeps_the_others(indexed):
    assert engine.suggestion("illetrisme adultes") == "illettrisme adultes"
    assert engine.suggestion("Atelier de lectrue") == "Atelier de lecture"
    assert engine.suggestion("logement") is None
    assert engine.suggestion("zzzzzzzz") is None
    assert engine.suggestion("") is None


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("seniors", [1]),
        ("aînés", [1]),
        ("MJC", [4]),
        ("mjc", [4]),
        ("transport", [3]),
    ],
)
def test_synonyms_and_acronyms_find_documents_that_use_another_word(indexed, query, found):
    assert ids(query) == found


def test_an_operator_extends_the_synonyms_with_a_file(indexed, tmp_path):
    extra = tmp_path / "synonyms.txt"
    extra.write_text("aînés, anciens\n", encoding="utf-8")
    engine.synonyms.cache_clear()
    try:
        assert ids("anciens") == []
        with override_settings(TERREAU_SEARCH_SYNONYMS=[str(extra)]):
            engine.synonyms.cache_clear()
            assert ids("anciens") == [1]
    finally:
        engine.synonyms.cache_clear()


def test_every_word_of_a_short_query_must_match(indexed):
    assert ids("logement lecture") == []
    assert ids("logement xyzzyx") == []


def test_a_long_question_needs_most_of_its_words_not_all(indexed):
    assert ids("comment trouver des ateliers de lecture pour adultes en 2025 ?") == [2]


def test_a_name_match_outranks_a_description_match():
    engine.index_documents(
        [
            Document("project", 10, "Le jardin d'Émile", "Potager partagé.", "Des légumes."),
            Document("project", 11, "Les Fourneaux", "Cantine du quartier.", "Légumes du jardin."),
            Document("project", 12, "Table ouverte", "Un jardin derrière la cantine.", ""),
        ]
    )
    assert ids("jardin") == [10, 12, 11]


def test_scores_come_best_first(indexed):
    scores = [score for _, score in engine.ranked_ids("project", "personnes")]
    assert len(scores) == 2
    assert scores == sorted(scores, reverse=True)


def test_kinds_are_searched_separately(indexed):
    assert ids("habitat", kind="organisation") == [1]
    assert ids("habitat", kind="project") == [1]
    assert ids("fédération", kind="project") == []


def test_phrases_exclusions_prefixes_and_alternatives(indexed):
    assert ids('"personnes handicapées"') == [3]
    assert ids('"handicapées personnes"') == []
    assert ids("personnes -minibus") == [1]
    assert ids("lectu*") == [2]
    assert sorted(ids("minibus OR studio")) == [3, 4]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "*",
        "-",
        "NEAR(",
        "NEAR(logement, 2)",
        "logement NEAR/2 habitat",
        "{title}: logement",
        "title:logement",
        "^logement",
        "logement AND",
        "OR logement",
        "(((logement",
        "'; DROP TABLE search_fts; --",
        "1' OR '1'='1",
        "%s %% %(x)s",
        "logement\x00\x01",
        "😀 東京 مرحبا ² ǅ",
        "x" * 10_000,
        "logement " * 2_000,
        "le la les",
        "",
    ],
)
def test_a_malformed_query_answers_results_or_nothing_never_an_error(indexed, query):
    found = engine.ranked_ids("project", query)
    assert set(found) <= {(i, s) for i, s in found}
    sql, params = engine.match_sql("project", query)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        assert {row[0] for row in cursor.fetchall()} == {i for i, _ in found}
    engine.suggestion(query)


def test_a_query_of_stop_words_finds_nothing(indexed):
    assert ids("le la les de des") == []


def test_removed_documents_are_no_longer_found(indexed):
    engine.remove_documents("project", [1, 3])
    assert ids("personnes") == []
    assert ids("lecture") == [2]
    assert ids("habitat", kind="organisation") == [1]


def test_indexing_a_document_again_replaces_it(indexed):
    engine.index_documents([Document("project", 1, "Potager des Pentes", "Jardin partagé.", "")])
    assert ids("logement") == []
    assert ids("potager") == [1]


def test_clearing_a_kind_leaves_the_others(indexed):
    engine.clear("project")
    assert ids("habitat") == []
    assert ids("habitat", kind="organisation") == [1]


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown search kind"):
        engine.index_documents([Document("spaceship", 1, "Enterprise")])


def test_match_sql_filters_a_queryset_in_the_database(published_project):
    from terreau.projects.models import Project
    from terreau.search.documents import project_document

    def matching(query: str):
        sql, params = engine.match_sql("project", query)
        return list(Project.objects.filter(id__in=RawSQL(sql, params)))  # noqa: S611

    engine.index_documents([project_document(published_project)])
    assert matching("habitat intergenerationnel") == [published_project]
    assert matching("piscine") == []
    assert matching("comment vivre en habitat partagé avec des seniors ?") == [published_project]


def test_ranked_sql_orders_in_the_database(indexed):
    sql, params = engine.ranked_sql("project", "personnes")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM ({sql}) AS ranked ORDER BY score DESC", params)  # noqa: S608
        assert [row[0] for row in cursor.fetchall()] == ids("personnes")


def test_the_backend_follows_the_database_unless_a_setting_names_one():
    assert type(engine.backend()).__name__.lower().startswith(connection.vendor)
    with override_settings(TERREAU_SEARCH_BACKEND="oracle"), pytest.raises(ValueError):
        engine.backend()


def test_a_real_word_absent_from_the_index_is_not_corrected_into_another(indexed):
    # "alimentaire" is in the synonym rules: a word, not a typo of "élémentaire".
    engine.index_documents([Document("project", 20, "Classe élémentaire", "", "")])
    assert ids("alimentaire") == []
    assert engine.suggestion("alimentaire") is None


@pytest.mark.parametrize("query", ["personnes", "personnes agees isolees", "habitat lecture"])
def test_search_sql_matches_what_it_ranks_and_scores_only_the_documents_asked(indexed, query):
    (match, match_params), (ranked, ranked_params) = engine.search_sql("project", query)
    everything = dict(engine.ranked_ids("project", query))
    with connection.cursor() as cursor:
        cursor.execute(match, match_params)
        assert sorted(row[0] for row in cursor.fetchall()) == sorted(everything)
    if not everything:
        return
    first = min(everything)
    _, (among, among_params) = engine.search_sql("project", query, among=f"SELECT {first}")
    with connection.cursor() as cursor:
        cursor.execute(among, among_params)
        assert [(row[0], pytest.approx(row[1])) for row in cursor.fetchall()] == [
            (first, everything[first])
        ]
    assert ranked_params == engine.ranked_sql("project", query)[1]
