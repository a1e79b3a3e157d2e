"""Searching the directories: French full text through the search engine, on both
databases, and whatever people type."""

from collections import Counter

import pytest

from terreau.search import documents, engine

from .conftest import make_organisation, make_project

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def indexed(catalogue, small_map, holder_organisation):
    """The catalogue plus projects worded for search, all in the search index."""
    extra = [
        make_project(
            "ages-isoles",
            "Visites de convivialité",
            small_map["commune:35238"],
            domains=["vieillissement", "cohesion-sociale"],
            stage="diffusion",
            summary="Des bénévoles rendent visite aux personnes âgées isolées.",
        ),
        make_project(
            "habitat-intergenerationnel",
            "Habitat intergénérationnel",
            small_map["commune:38185"],
            domains=["logement"],
            stage="emergence",
            summary="Un toit partagé entre générations.",
        ),
        make_project(
            "jardin-logements",
            "Jardins partagés",
            small_map["commune:75056"],
            domains=["alimentation"],
            stage="emergence",
            summary="Des potagers au pied des logements sociaux, un habitat plus vert.",
        ),
    ]
    projects = [*catalogue.values(), *extra]
    engine.index_documents(documents.project_document(p) for p in projects if p.is_public)
    return {p.ref: p for p in projects}


def refs(client, **params):
    response = client.get("/api/v1/projects", params)
    assert response.status_code == 200, response.content
    return [result["ref"] for result in response.json()["results"]]


def test_a_search_is_insensitive_to_case_and_accents_and_matches_inflections(client, indexed):
    assert "ages-isoles" in refs(client, q="personnes agees isolees")
    assert "ages-isoles" in refs(client, q="PERSONNE ÂGÉE")
    assert "habitat-intergenerationnel" in refs(client, q="habitat intergenerationnel")
    assert "jardin-logements" in refs(client, q="logement")


def test_results_keep_the_engines_ranking(client, indexed):
    by_id = {project.pk: ref for ref, project in indexed.items()}
    ranking = [by_id[pk] for pk, _score in engine.ranked_ids("project", "habitat")]
    assert len(ranking) >= 3
    assert refs(client, q="habitat") == ranking
    assert refs(client, q="habitat", page_size=2, page=2) == ranking[2:4]
    assert refs(client, q="habitat", sort="name") == sorted(
        ranking, key=lambda ref: indexed[ref].name
    )


def test_a_search_never_shows_drafts_or_hidden_projects(client, indexed):
    assert refs(client, q="brouillon rennais") == []
    assert refs(client, q="projet masqué") == []


def test_a_search_combines_with_filters_and_counts_facets_over_its_matches(client, indexed):
    by_id = {project.pk: project for project in indexed.values()}
    matched = [by_id[pk] for pk, _score in engine.ranked_ids("project", "habitat")]
    body = client.get(
        "/api/v1/projects", {"q": "habitat", "territory": "region:84", "stage": "emergence"}
    ).json()
    expected = [p.ref for p in matched if p.in_region == "region:84" and p.stage_id == "emergence"]
    assert [r["ref"] for r in body["results"]] == expected == ["habitat-intergenerationnel"]
    assert body["count"] == 1
    stage = {f["code"]: f["count"] for f in body["facets"]["stage"] if f["count"]}
    assert stage == Counter(p.stage_id for p in matched if p.in_region == "region:84")
    region = {f["code"]: f["count"] for f in body["facets"]["region"] if f["count"]}
    assert region == Counter(p.in_region for p in matched if p.stage_id == "emergence")


def test_a_mistyped_search_proposes_a_correction(client, indexed):
    html = client.get("/projets/?q=intergenerationel+habitta").content.decode()
    assert "Did you mean" in html


def test_organisations_are_searched_too(client, small_map):
    found = make_organisation(
        "ressourcerie", "La Ressourcerie du quartier", small_map["commune:69123"], "association"
    )
    make_organisation("autre", "Autre chose", small_map["commune:69123"], "association")
    engine.index_documents([documents.organisation_document(found)])
    body = client.get("/api/v1/organisations", {"q": "ressourceries"}).json()
    assert [r["ref"] for r in body["results"]] == ["ressourcerie"]


TRICKY_TEXT = [
    '"',
    '"habitat',
    "*",
    "habitat*",
    "NEAR(",
    "NEAR(habitat logement, 2)",
    "habitat AND OR NOT",
    "habitat -logement",
    "title:habitat",
    "^habitat",
    "()",
    "{}[]:;!?",
    "' OR 1=1 --",
    "'; DROP TABLE projects_project; --",
    "%_%",
    "\\",
    "é" * 199,
    "habitat " * 25,
    "🏠 logement",
    "\u202e\u200b",
]


@pytest.mark.parametrize("text", TRICKY_TEXT)
@pytest.mark.parametrize("path", ["/api/v1/projects", "/api/v1/organisations", "/projets/"])
def test_whatever_people_type_answers_results_or_a_clear_refusal(client, indexed, path, text):
    response = client.get(path, {"q": text})
    assert response.status_code in (200, 302, 400), response.content[:300]
