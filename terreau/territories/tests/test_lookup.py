"""What people type, and what the autocomplete and forms find (on the small map)."""

import pytest
from django.db import connection

from terreau.territories.lookup import (
    code_candidates,
    contexts,
    find_territories,
    normalise,
    resolve_territory,
    starting_with,
)
from terreau.territories.models import Territory


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Lyon", "commune:69123"),
        ("lyon", "commune:69123"),
        ("  LYON  ", "commune:69123"),
        ("69", "departement:69"),
        ("Rhône", "departement:69"),
        ("rhone", "departement:69"),
        ("69001", "commune:69123"),
        ("69 001", "commune:69123"),
        ("35200", "commune:35238"),
        ("region:84", "region:84"),
        ("REGION:84", "region:84"),
        ("Auvergne", "region:84"),
        ("auvergne rhone", "region:84"),
        ("Île-de-France", "region:11"),
        ("ile de france", "region:11"),
        ("FR", "FR"),
        ("fr", "FR"),
        ("200046977", "epci:200046977"),
        ("epci:200046977", "epci:200046977"),
        ("69123", "commune:69123"),
        ("commune:69123", "commune:69123"),
        ("Villeur", "commune:69266"),
        ("Métropole de Lyon", "epci:200046977"),
        ("metropole de", "epci:200046977"),
        ("Paris", "departement:75"),
        ("750", "commune:75056"),
        ("Ille-et-Vilaine", "departement:35"),
    ],
)
def test_the_best_match_comes_first(small_map, text, first):
    found = find_territories(text)
    assert found, f"nothing found for {text!r}"
    assert found[0].code == first


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        # Exact name first, then the names starting with it (broader kinds first).
        ("Paris", ["departement:75", "commune:75056"]),
        ("r", ["departement:69", "epci:243500139", "commune:35238"]),
        ("grenoble", ["commune:38185", "epci:200040715"]),
        # A postal code first, then the commune whose INSEE code it also is (none here).
        ("38000", ["commune:38185"]),
    ],
)
def test_matches_are_ranked_exact_first_then_broader_and_bigger(small_map, text, codes):
    assert [t.code for t in find_territories(text)] == codes


@pytest.mark.parametrize(
    "text", ["", "   ", "xyzzy", "'", "-", "99999", "region:99", "2A", "%", "_", "l%"]
)
def test_nothing_is_found_for_unknown_or_empty_text(small_map, text):
    assert find_territories(text) == []


def test_a_very_long_text_is_cut_and_finds_nothing(small_map):
    assert find_territories("lyon " * 1000) == []


def test_kinds_restrict_the_matches(small_map):
    assert [t.code for t in find_territories("Paris", kinds=["commune"])] == ["commune:75056"]
    assert find_territories("Lyon", kinds=["region"]) == []
    assert [t.code for t in find_territories("lyon", kinds=["commune", "epci"])] == [
        "commune:69123"
    ]


def test_the_limit_caps_the_matches_without_repeating_any(small_map):
    found = find_territories("r", limit=2)
    assert [t.code for t in found] == ["departement:69", "epci:243500139"]
    assert find_territories("r", limit=0) == []


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Saint-Étienne", "saint etienne"),
        ("St-Étienne", "saint etienne"),
        ("st etienne", "saint etienne"),
        ("Ste-Foy-lès-Lyon", "sainte foy les lyon"),
        ("L'Île-d'Yeu", "l ile d yeu"),
        ("  Œuvre  ", "oeuvre"),
        ("Stains", "stains"),
    ],
)
def test_text_is_folded_and_abbreviations_expanded(text, folded):
    assert normalise(text) == folded


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("FR", ["FR"]),
        ("region:84", ["region:84"]),
        ("departement:2a", ["departement:2A"]),
        ("69", ["departement:69"]),
        ("2A", ["departement:2A"]),
        ("2b", ["departement:2B"]),
        ("971", ["departement:971"]),
        ("69123", ["commune:69123"]),
        ("2A004", ["commune:2A004"]),
        ("200046977", ["epci:200046977"]),
        ("Lyon", []),
        ("6", []),
        ("region:", []),
        ("region:84; DROP TABLE", []),
    ],
)
def test_code_candidates_read_every_way_of_writing_a_code(text, codes):
    assert code_candidates(text) == codes


@pytest.mark.parametrize(
    ("text", "territory", "candidates"),
    [
        ("Lyon", "commune:69123", []),
        ("69001", "commune:69123", []),
        ("region:84", "region:84", []),
        ("Auvergne", "region:84", []),
        # The département and the commune of Paris are the same area: the broadest.
        ("Paris", "departement:75", []),
        # Two names start with "r…" in different places: the person must choose.
        ("Ren", None, ["epci:243500139", "commune:35238"]),
        ("xyzzy", None, []),
        ("", None, []),
    ],
)
def test_resolving_a_text_gives_one_clear_territory_or_the_candidates(
    small_map, text, territory, candidates
):
    resolution = resolve_territory(text)
    assert (resolution.territory.code if resolution.territory else None) == territory
    assert [c.code for c in resolution.candidates] == candidates


def test_contexts_say_where_a_territory_lies(small_map):
    described = contexts(
        [
            small_map[c]
            for c in ["FR", "region:84", "departement:69", "commune:69123", "epci:200046977"]
        ]
    )
    assert described == {
        "FR": "",
        "region:84": "France",
        "departement:69": "Auvergne-Rhône-Alpes",
        "commune:69123": "Rhône, Auvergne-Rhône-Alpes",
        "epci:200046977": "Rhône, Auvergne-Rhône-Alpes",
    }


def test_control_characters_typed_are_ignored(small_map):
    # A NUL byte would otherwise reach the database (PostgreSQL refuses it: a 500).
    assert [t.code for t in find_territories("ly\x00on")][:1] == ["commune:69123"]


def test_a_name_shared_by_a_departement_and_its_region_is_said_once(db):
    Territory.objects.bulk_create(
        [
            Territory(code="region:04", kind="region", name="La Réunion", search_name="la reunion"),
            Territory(
                code="departement:974",
                kind="departement",
                name="La Réunion",
                search_name="la reunion",
                region="region:04",
            ),
            Territory(
                code="commune:97411",
                kind="commune",
                name="Saint-Denis",
                search_name="saint denis",
                region="region:04",
                departement="departement:974",
            ),
        ]
    )
    commune = Territory.objects.get(code="commune:97411")
    assert contexts([commune]) == {"commune:97411": "La Réunion"}


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="PostgreSQL's planner rightly scans a table as small as the test map",
)
def test_a_name_prefix_is_looked_up_through_the_index_not_a_scan(small_map):
    plan = starting_with(Territory.objects.all(), "search_name", "lyo").explain()
    assert "USING INDEX" in plan and "SCAN territories_territory" not in plan
