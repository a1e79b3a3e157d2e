"""Facet counting in one pass: each facet counted without its own filter."""

import pytest

from terreau.directory.faceting import Entry, count


def entry(id_, domains=(), stage=None, region=None, places=()):
    return Entry(
        id_,
        {
            "domain": frozenset(domains),
            "stage": frozenset([stage] if stage else []),
            "region": frozenset([region] if region else []),
        },
        {"territory": frozenset(places) | frozenset([region] if region else [])},
    )


ENTRIES = [
    entry(1, ["logement", "sante"], "emergence", "region:84", ["commune:69123"]),
    entry(2, ["logement"], "diffusion", "region:84", ["commune:38185"]),
    entry(3, ["sante"], "emergence", "region:11", ["commune:75056"]),
    entry(4, [], None, None),
]
FACETS = {"domain": "domain", "stage": "stage", "region": "territory"}


@pytest.mark.parametrize(
    ("filters", "ids", "domain", "stage", "region"),
    [
        (
            {},
            {1, 2, 3, 4},
            {"logement": 2, "sante": 2},
            {"emergence": 2, "diffusion": 1},
            {"region:84": 2, "region:11": 1},
        ),
        (
            {"domain": ["logement"]},
            {1, 2},
            {"logement": 2, "sante": 2},  # the domain facet ignores the domain filter
            {"emergence": 1, "diffusion": 1},
            {"region:84": 2},
        ),
        (
            {"domain": ["logement", "sante"]},  # OR within a filter
            {1, 2, 3},
            {"logement": 2, "sante": 2},
            {"emergence": 2, "diffusion": 1},
            {"region:84": 2, "region:11": 1},
        ),
        (
            {"domain": ["sante"], "stage": ["emergence"]},  # AND across filters
            {1, 3},
            {"logement": 1, "sante": 2},
            {"emergence": 2},
            {"region:84": 1, "region:11": 1},
        ),
        (
            {"territory": ["commune:69123"]},  # a place below the région
            {1},
            {"logement": 1, "sante": 1},
            {"emergence": 1},
            {"region:84": 2, "region:11": 1},  # counted without the territory filter
        ),
        (
            {"territory": ["region:84"], "stage": ["diffusion"]},
            {2},
            {"logement": 1},
            {"emergence": 1, "diffusion": 1},
            {"region:84": 1},
        ),
        (
            {"stage": ["evaluation"]},  # nothing matches: facets still guide
            set(),
            {},
            {"emergence": 2, "diffusion": 1},
            {},
        ),
        ({"domain": []}, {1, 2, 3, 4}, {"logement": 2, "sante": 2}, None, None),
    ],
)
def test_facets_are_counted_over_the_results_without_their_own_filter(
    filters, ids, domain, stage, region
):
    result = count(ENTRIES, filters, FACETS)
    assert result.ids == ids
    assert dict(result.facets["domain"]) == domain
    if stage is not None:
        assert dict(result.facets["stage"]) == stage
        assert dict(result.facets["region"]) == region


def test_a_record_failing_two_filters_counts_nowhere():
    result = count(ENTRIES, {"domain": ["logement"], "stage": ["evaluation"]}, FACETS)
    assert result.ids == frozenset()
    assert dict(result.facets["domain"]) == {}
    assert dict(result.facets["stage"]) == {"emergence": 1, "diffusion": 1}


def test_a_facet_can_share_the_filter_of_another_dimension():
    facets = {**FACETS, "departement": "territory"}
    entries = [
        Entry(1, {"departement": frozenset(["departement:69"])}, {"territory": frozenset(["x"])}),
        Entry(2, {"departement": frozenset(["departement:38"])}, {"territory": frozenset(["y"])}),
    ]
    result = count(entries, {"territory": ["x"]}, facets)
    assert result.ids == {1}
    assert dict(result.facets["departement"]) == {"departement:69": 1, "departement:38": 1}
