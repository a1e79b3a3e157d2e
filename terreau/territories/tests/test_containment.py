"""Containment: commune → EPCI → département → région → FR, stored transitively."""

import pytest

from terreau.organisations.models import Organisation
from terreau.territories.models import Territory

EVERY_LEVEL = [
    "commune:69123",
    "commune:69266",
    "epci:200046977",
    "departement:69",
    "commune:38185",
    "departement:38",
    "region:84",
    "commune:75056",
    "region:11",
    "commune:35238",
]


@pytest.fixture
def records(place_record):
    return {code: place_record(code) for code in EVERY_LEVEL}


def located_in(code: str) -> set[str]:
    territory = Territory.objects.get(code=code)
    return set(Organisation.objects.located_in(territory).values_list("territory_id", flat=True))


@pytest.mark.parametrize(
    ("territory", "inside"),
    [
        ("commune:69123", {"commune:69123"}),
        ("epci:200046977", {"commune:69123", "commune:69266", "epci:200046977"}),
        ("departement:69", {"commune:69123", "commune:69266", "epci:200046977", "departement:69"}),
        ("departement:38", {"commune:38185", "departement:38"}),
        (
            "region:84",
            {
                "commune:69123",
                "commune:69266",
                "epci:200046977",
                "departement:69",
                "commune:38185",
                "departement:38",
                "region:84",
            },
        ),
        ("region:11", {"commune:75056", "region:11"}),
        ("region:53", {"commune:35238"}),
        ("departement:35", {"commune:35238"}),
        ("epci:243500139", {"commune:35238"}),
        ("FR", set(EVERY_LEVEL)),
    ],
)
def test_a_record_is_found_in_its_territory_and_every_territory_containing_it(
    records, territory, inside
):
    assert located_in(territory) == inside


def test_a_record_of_a_whole_region_is_not_inside_one_of_its_departements(records):
    assert "region:84" not in located_in("departement:69")
    assert "region:84" not in located_in("commune:69123")
    assert "departement:69" not in located_in("epci:200046977")


def test_france_contains_records_placed_nowhere_too(place_record):
    place_record(None)
    assert located_in("FR") == {None}


def test_placing_a_record_copies_its_territory_ancestors(small_map):
    record = Organisation(ref="lyon", name="Lyon")
    record.place(small_map["commune:69123"])
    assert (record.in_region, record.in_departement, record.in_epci) == (
        "region:84",
        "departement:69",
        "epci:200046977",
    )
    record.place(small_map["departement:38"])
    assert (record.in_region, record.in_departement, record.in_epci) == (
        "region:84",
        "departement:38",
        "",
    )
    record.place(None)
    assert (record.territory, record.in_region, record.in_departement) == (None, "", "")


@pytest.mark.parametrize(
    ("territory", "inside"),
    [
        ("region:11", {"departement:75", "commune:75056", "epci:200054781"}),
        ("epci:200046977", {"commune:69123", "commune:69266"}),
        ("commune:69123", set()),
    ],
)
def test_territories_inside_a_territory_exclude_itself(small_map, territory, inside):
    found = Territory.objects.inside(small_map[territory]).values_list("code", flat=True)
    assert set(found) == inside


def test_every_territory_but_france_is_inside_france(small_map):
    assert Territory.objects.inside(small_map["FR"]).count() == len(small_map) - 1


@pytest.mark.parametrize(
    ("territory", "children"),
    [
        ("FR", {"region:84", "region:11", "region:53"}),
        ("region:84", {"departement:69", "departement:38"}),
        ("departement:69", {"epci:200046977", "commune:69123", "commune:69266"}),
        ("epci:200046977", {"commune:69123", "commune:69266"}),
        ("commune:69123", set()),
    ],
)
def test_the_children_of_a_territory_are_the_next_level_down(small_map, territory, children):
    found = Territory.objects.children_of(small_map[territory]).values_list("code", flat=True)
    assert set(found) == children


@pytest.mark.parametrize(
    ("territory", "parents"),
    [
        ("FR", []),
        ("region:84", ["FR"]),
        ("departement:69", ["FR", "region:84"]),
        ("commune:69123", ["FR", "region:84", "departement:69", "epci:200046977"]),
        ("commune:75056", ["FR", "region:11", "departement:75", "epci:200054781"]),
    ],
)
def test_parent_codes_go_from_the_broadest(small_map, territory, parents):
    assert small_map[territory].parent_codes() == parents


def test_broadest_first_orders_by_kind_then_population(small_map):
    codes = list(
        Territory.objects.filter(
            code__in=["commune:69266", "commune:69123", "departement:69", "FR"]
        )
        .broadest_first()
        .values_list("code", flat=True)
    )
    assert codes == ["FR", "departement:69", "commune:69123", "commune:69266"]
