"""The read path shared by the directory pages and the API."""

import pytest
from django.utils import translation

from terreau.directory import cache, queries
from terreau.directory.queries import InvalidQuery, Sort, parse, run
from terreau.projects.models import Project
from terreau.search import engine

from .conftest import make_organisation, make_project

pytestmark = pytest.mark.django_db


def refs(results):
    return [record.ref for record in results.records]


def facet(results, key):
    return {o.code: o.count for f in results.facets if f.key == key for o in f.options if o.count}


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"page": "0"}, "page", "between 1 and 10000"),
        ({"page": "abc"}, "page", "between 1 and 10000"),
        ({"page": "-1"}, "page", "between 1 and 10000"),
        ({"page": "1.5"}, "page", "between 1 and 10000"),
        ({"page": "99999999999999999999999"}, "page", "between 1 and 10000"),
        ({"page": "١"}, "page", "between 1 and 10000"),  # an Arabic-Indic digit
        ({"page_size": "1000"}, "page_size", "between 1 and 100"),
        ({"page_size": "0"}, "page_size", "between 1 and 100"),
        ({"domain": "logements"}, "domain", "Unknown code: logements."),
        ({"domain": ["logement", "nope"]}, "domain", "Unknown code: nope."),
        ({"stage": "'; DROP TABLE projects_project; --"}, "stage", "Unknown code"),
        ({"territory": "xyz"}, "territory", "Unknown territory code: xyz."),
        ({"territory": "commune:99999"}, "territory", "Unknown territory code"),
        ({"territory": "region:84\x00"}, "territory", "Unknown territory code"),
        ({"territory": ["region:84", "region:11"]}, "territory", "one territory only"),
        ({"sort": "price"}, "sort", "relevance, newest, name"),
        ({"q": "x" * 10_000}, "q", "too long (200 characters at most)"),
    ],
)
def test_malformed_parameters_are_refused_with_a_message_naming_them(
    small_map, params, field, message
):
    with pytest.raises(InvalidQuery) as refused:
        parse(queries.PROJECTS, params)
    assert message in refused.value.errors[field]


def test_every_faulty_parameter_is_named_at_once(small_map):
    with pytest.raises(InvalidQuery) as refused:
        parse(queries.PROJECTS, {"page": "0", "domain": "x", "territory": "y"})
    assert set(refused.value.errors) == {"page", "domain", "territory"}


def test_parameters_are_read_from_a_query_string_with_blanks_ignored(small_map):
    from django.http import QueryDict

    query = parse(
        queries.PROJECTS,
        QueryDict("q=+habitat++partag%C3%A9+&domain=logement&domain=&domain=sante&stage=&page=2"),
    )
    assert query.q == "habitat partagé"
    assert query.filters == {"domain": ("logement", "sante")}
    assert query.page == 2
    assert query.territory is None
    assert query.params() == [
        ("q", "habitat partagé"),
        ("domain", "logement"),
        ("domain", "sante"),
        ("page", "2"),
    ]


def test_a_filter_of_another_directory_is_ignored(small_map):
    query = parse(queries.ORGANISATIONS, {"domain": "nope", "actor_type": "association"})
    assert query.filters == {"actor_type": ("association",)}


def test_control_characters_in_the_search_text_are_dropped(small_map):
    assert parse(queries.PROJECTS, {"q": "habitat\x00\x1b partagé"}).q == "habitat partagé"


def test_default_sort_is_newest_without_text_and_relevance_with_it(small_map):
    assert parse(queries.PROJECTS, {}).effective_sort == Sort.NEWEST
    assert parse(queries.PROJECTS, {"q": "habitat"}).effective_sort == Sort.RELEVANCE
    assert parse(queries.PROJECTS, {"sort": "relevance"}).effective_sort == Sort.NEWEST
    assert parse(queries.PROJECTS, {"sort": "newest"}).params() == []
    assert parse(queries.PROJECTS, {"q": "a", "sort": "newest"}).params() == [
        ("q", "a"),
        ("sort", "newest"),
    ]


def test_only_public_projects_are_listed(catalogue):
    results = run(parse(queries.PROJECTS, {}))
    assert results.count == 4
    assert "rennes-brouillon" not in refs(results)
    assert "rennes-masque" not in refs(results)
    assert facet(results, "region") == {"region:84": 3, "region:11": 1}


def test_a_territory_finds_every_project_inside_it(catalogue):
    def listed(code):
        return sorted(refs(run(parse(queries.PROJECTS, {"territory": code}))))

    assert listed("region:84") == ["grenoble-mobilite", "lyon-habitat", "villeurbanne-epicerie"]
    assert listed("departement:69") == ["lyon-habitat", "villeurbanne-epicerie"]
    assert listed("epci:200046977") == ["lyon-habitat", "villeurbanne-epicerie"]
    assert listed("commune:69266") == ["villeurbanne-epicerie"]
    assert listed("region:53") == []  # only a draft and a hidden project there
    assert len(listed("FR")) == 4


def test_filters_combine_or_within_and_across_with_facets_without_their_own_filter(catalogue):
    results = run(
        parse(
            queries.PROJECTS,
            {"domain": ["logement", "mobilite"], "stage": "emergence", "territory": "region:84"},
        )
    )
    assert refs(results) == ["grenoble-mobilite"]
    # domain facet: emergence projects of the région, whatever their domain
    assert facet(results, "domain") == {"mobilite": 1}
    # stage facet: logement-or-mobilité projects of the région, whatever their stage
    assert facet(results, "stage") == {"experimentation": 1, "emergence": 1}
    # région facet: logement-or-mobilité emergence projects, anywhere
    assert facet(results, "region") == {"region:84": 1, "region:11": 1}


def test_facet_labels_follow_the_current_language(catalogue):
    with translation.override("en"):
        results = run(parse(queries.PROJECTS, {}))
    labels = {o.code: o.label for f in results.facets for o in f.options}
    assert labels["logement"] == "Housing"
    assert labels["emergence"] == "Emergence"
    assert labels["region:84"] == "Auvergne-Rhône-Alpes"
    with translation.override("fr"):
        results = run(parse(queries.PROJECTS, {}))
    assert {o.code: o.label for f in results.facets for o in f.options}["logement"] == (
        "Logement et habitat"
    )


def test_selected_options_are_marked_even_without_results(catalogue):
    results = run(parse(queries.PROJECTS, {"stage": "evaluation"}))
    assert results.count == 0
    stage = next(f for f in results.facets if f.key == "stage")
    assert [o.code for o in stage.options if o.selected] == ["evaluation"]


def test_results_sort_by_newest_or_by_name_and_paginate(catalogue):
    for position, ref in enumerate(["lyon-habitat", "villeurbanne-epicerie", "grenoble-mobilite"]):
        Project.objects.filter(ref=ref).update(created_at=f"2024-0{position + 1}-01T00:00Z")
    Project.objects.filter(ref="paris-logement").update(created_at="2020-01-01T00:00Z")
    newest = run(parse(queries.PROJECTS, {"page_size": "2"}))
    assert newest.count == 4
    assert newest.num_pages == 2
    assert refs(newest) == ["grenoble-mobilite", "villeurbanne-epicerie"]
    assert refs(run(parse(queries.PROJECTS, {"page_size": "2", "page": "2"}))) == [
        "lyon-habitat",
        "paris-logement",
    ]
    by_name = run(parse(queries.PROJECTS, {"sort": "name"}))
    assert refs(by_name)[0] == "paris-logement"  # "Colocations solidaires"
    past_the_end = run(parse(queries.PROJECTS, {"page": "9"}))
    assert past_the_end.count == 4
    assert past_the_end.records == []


def test_browse_counts_are_cached_until_a_write_bumps_the_version(catalogue, small_map):
    query = parse(queries.PROJECTS, {"territory": "region:53"})
    assert run(query).count == 0
    make_project("rennes-public", "Public rennais", small_map["commune:35238"], stage="emergence")
    assert run(query).count == 0  # cached: nothing said the directory changed
    cache.bump()
    assert run(query).count == 1


def test_the_version_rises_with_every_bump(db):
    before = cache.version()
    cache.bump()
    cache.bump()
    assert cache.version() == before + 2


def ranking(scores: dict[int, float]):
    """What `engine.search_sql` answers, given every matching record's score: the matches,
    and `SELECT id, score` of them (all of them: the directory joins the page's rows)."""
    rows = ", ".join(["(%s, %s)"] * len(scores))
    values = f"(VALUES {rows}) AS matches"
    params = [value for pair in scores.items() for value in pair]
    matched = (f"SELECT column1 AS id FROM {values}", params)  # noqa: S608
    ranked = (f"SELECT column1 AS id, column2 AS score FROM {values}", params)  # noqa: S608
    return lambda kind, text, among=None: (matched, ranked)


def test_counts_with_a_search_text_agree_with_counts_without(catalogue, monkeypatch):
    """Both ways of counting (a GROUP BY per facet; one statement over the engine's
    matches) give the same answer on the same records: here a text that matches every
    project."""
    every_id = dict.fromkeys(Project.objects.values_list("pk", flat=True), 1.0)
    monkeypatch.setattr(engine, "search_sql", ranking(every_id))
    monkeypatch.setattr(engine, "suggestion", lambda text: None)
    for params in [
        {},
        {"domain": ["logement", "mobilite"]},
        {"stage": "emergence", "territory": "region:84"},
        {"territory": "commune:69123"},
        {"domain": "alimentation", "stage": "diffusion", "territory": "departement:69"},
        {"domain": "logement", "sort": "name"},
    ]:
        browse = run(parse(queries.PROJECTS, params))
        searched = run(parse(queries.PROJECTS, {**params, "q": "tout"}))
        assert searched.count == browse.count, params
        assert searched.facets == browse.facets, params
        assert sorted(refs(searched)) == sorted(refs(browse)), params
        for level in [queries.REGION, queries.DEPARTEMENT]:
            searched_map = run(parse(queries.PROJECTS, {**params, "q": "tout"}), level=level)
            assert searched_map.areas == run(parse(queries.PROJECTS, params), level=level).areas


def test_organisation_counts_with_a_search_text_agree_with_counts_without(small_map, monkeypatch):
    from terreau.organisations.models import Organisation

    make_organisation("a", "A", small_map["commune:69123"], "association", "reseau")
    make_organisation("b", "B", small_map["commune:38185"], "cooperative")
    make_organisation("c", "C", small_map["commune:75056"], "association")
    make_organisation("d", "D", None, "financeur")
    every_id = dict.fromkeys(Organisation.objects.values_list("pk", flat=True), 1.0)
    monkeypatch.setattr(engine, "search_sql", ranking(every_id))
    monkeypatch.setattr(engine, "suggestion", lambda text: None)
    for params in [
        {},
        {"actor_type": "association"},
        {"territory": "region:84"},
        {"actor_type": ["association", "cooperative"], "territory": "departement:38"},
    ]:
        browse = run(parse(queries.ORGANISATIONS, params))
        searched = run(parse(queries.ORGANISATIONS, {**params, "q": "tout"}))
        assert (searched.count, searched.facets) == (browse.count, browse.facets), params
        assert sorted(refs(searched)) == sorted(refs(browse)), params


def test_a_search_keeps_the_engine_ranking_within_the_filters(catalogue, monkeypatch):
    ids = {ref: project.pk for ref, project in catalogue.items()}
    order = ["rennes-brouillon", "paris-logement", "lyon-habitat", "grenoble-mobilite"]
    scores = {ids[ref]: 1.0 / (position + 1) for position, ref in enumerate(order)}
    monkeypatch.setattr(engine, "search_sql", ranking(scores))
    monkeypatch.setattr(engine, "suggestion", lambda text: None)
    results = run(parse(queries.PROJECTS, {"q": "logement", "domain": "logement"}))
    assert refs(results) == ["paris-logement", "lyon-habitat"]  # the draft never shows
    assert results.count == 2
    assert facet(results, "domain") == {"logement": 2, "vieillissement": 1, "mobilite": 1}
    by_name = run(parse(queries.PROJECTS, {"q": "logement", "sort": "name"}))
    assert refs(by_name) == ["paris-logement", "lyon-habitat", "grenoble-mobilite"]
    second = run(parse(queries.PROJECTS, {"q": "logement", "page_size": "2", "page": "2"}))
    assert refs(second) == ["grenoble-mobilite"]
    assert second.count == 3


def test_organisations_are_filtered_by_actor_type_and_territory(small_map):
    make_organisation("a", "Asso lyonnaise", small_map["commune:69123"], "association")
    make_organisation("b", "Coop lyonnaise", small_map["commune:69123"], "cooperative", "reseau")
    make_organisation("c", "Asso parisienne", small_map["commune:75056"], "association")
    from django.utils import timezone

    make_organisation(
        "d", "Masquée", small_map["commune:75056"], "association", hidden_at=timezone.now()
    )
    results = run(
        parse(queries.ORGANISATIONS, {"actor_type": "association", "territory": "region:84"})
    )
    assert refs(results) == ["a"]
    assert facet(results, "actor_type") == {"association": 1, "cooperative": 1, "reseau": 1}
    assert facet(results, "region") == {"region:84": 1, "region:11": 1}


def test_the_map_counts_areas_like_the_region_facet(catalogue):
    query = parse(queries.PROJECTS, {"domain": "logement", "territory": "commune:69123"})
    by_departement = run(query, level=queries.DEPARTEMENT)
    assert by_departement.records == []
    assert by_departement.areas == {
        "departement:69": 1,
        "departement:75": 1,
    }
    by_region = run(query, level=queries.REGION)
    assert by_region.areas == {
        "region:84": 1,
        "region:11": 1,
    }


def test_a_page_of_results_costs_the_same_queries_whatever_its_size(
    catalogue, small_map, holder_organisation, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_one_page():
        cache.bump()
        with CaptureQueriesContext(connection) as captured:
            run(parse(queries.PROJECTS, {"page_size": "100"}))
        return len(captured)

    queries_for_one_page()  # vocabularies and régions are then cached for a minute
    few = queries_for_one_page()
    for n in range(30):
        make_project(
            f"p{n}",
            f"Projet {n}",
            small_map["commune:38185"],
            domains=["sante", "logement"],
            stage="emergence",
            organisation=holder_organisation,
        )
    assert queries_for_one_page() == few
    assert few <= 12


def test_writes_through_the_services_refresh_the_cached_counts(small_map, holder, moderator):
    from terreau.organisations.services import create_organisation, hide_organisation

    query = parse(queries.ORGANISATIONS, {"territory": "region:53"})
    assert run(query).count == 0
    organisation = create_organisation(
        creator=holder, name="Asso rennaise", territory=small_map["commune:35238"]
    )
    assert run(query).count == 1
    hide_organisation(organisation=organisation, moderator=moderator, reason="Spam.")
    assert run(query).count == 0


def test_publishing_and_hiding_a_project_refresh_the_cached_counts(
    draft_project, holder, moderator
):
    from terreau.projects.services import hide_project, publish_project

    query = parse(queries.PROJECTS, {"domain": "logement"})
    assert run(query).count == 0
    publish_project(project=draft_project, author=holder)
    assert refs(run(query)) == ["maison-des-generations"]
    hide_project(project=draft_project, moderator=moderator, reason="Doublon.")
    assert run(query).count == 0


BROWSES = [
    (queries.PROJECTS, {}),
    (queries.PROJECTS, {"domain": "logement"}),
    (queries.PROJECTS, {"domain": "logement", "territory": "region:84"}),
    (queries.PROJECTS, {"domain": "logement", "stage": ["emergence", "diffusion"]}),
    (queries.PROJECTS, {"stage": "diffusion", "territory": "departement:69"}),
    (queries.PROJECTS, {"domain": ["logement", "vieillissement"], "territory": "region:84"}),
    (queries.PROJECTS, {"territory": "commune:69123"}),
    (queries.ORGANISATIONS, {}),
    (queries.ORGANISATIONS, {"actor_type": "association", "territory": "region:84"}),
    (queries.ORGANISATIONS, {"territory": "departement:75"}),
]


@pytest.mark.parametrize(("kind", "params"), BROWSES)
@pytest.mark.parametrize("level", [None, queries.DEPARTEMENT])
def test_browse_counts_from_the_materialised_table_agree_with_grouping_the_records(
    catalogue, small_map, kind, params, level, monkeypatch
):
    make_organisation("a", "Asso lyonnaise", small_map["commune:69123"], "association")
    make_organisation("b", "Coop lyonnaise", small_map["commune:69123"], "cooperative", "reseau")
    make_organisation("c", "Asso parisienne", small_map["commune:75056"], "association")
    make_project(
        "paris-aines",
        "Aînés parisiens",
        small_map["commune:75056"],
        domains=["logement", "vieillissement"],
        stage="diffusion",
    )
    cache.bump()
    query = parse(kind, params)
    from_table = run(query, level=level)
    first = (from_table.count, [(f.key, facet(from_table, f.key)) for f in from_table.facets])
    assert run(query, level=level).areas == from_table.areas  # the table, read again

    from terreau.directory import counts

    monkeypatch.setattr(counts, "facet_counts", lambda query, facets: None)
    cache.bump()
    grouped = run(query, level=level)
    assert first == (grouped.count, [(f.key, facet(grouped, f.key)) for f in grouped.facets])
    assert from_table.areas == grouped.areas
    assert first[0] > 0 or params.get("territory") == "departement:75"


def test_the_materialised_counts_keep_only_the_current_version(catalogue):
    from terreau.directory.models import DirectoryCount

    run(parse(queries.PROJECTS, {}))
    cache.bump()
    run(parse(queries.PROJECTS, {"domain": "logement"}))
    assert set(DirectoryCount.objects.values_list("version", flat=True)) == {cache.version()}


def test_browse_counts_group_the_records_when_the_counts_table_cannot_be_written(
    catalogue, monkeypatch
):
    from django.db import OperationalError

    from terreau.directory import counts
    from terreau.directory.models import DirectoryCount

    def locked(directory, version):
        raise OperationalError("database is locked")

    monkeypatch.setattr(counts, "_refresh", locked)
    cache.bump()
    results = run(parse(queries.PROJECTS, {"domain": "logement"}))
    assert results.count == 2
    assert facet(results, "domain") == {
        "logement": 2,
        "vieillissement": 1,
        "alimentation": 1,
        "pauvrete-exclusion": 1,
        "mobilite": 1,
    }
    assert not DirectoryCount.objects.exists()
