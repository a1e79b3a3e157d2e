"""From TopoJSON to projected SVG outlines: the pure functions of cartography.py."""

import math

import pytest

from terreau.territories.cartography import (
    area_path,
    build_outlines,
    equirectangular,
    lambert_conformal_conic,
    line_path,
    region_border_arcs,
    simplify,
)

from .test_topojson import SQUARES


def test_the_lambert_projection_puts_its_origin_at_zero_and_north_up():
    project = lambert_conformal_conic()
    x, y = project(3.0, 46.5)
    assert math.isclose(x, 0, abs_tol=1e-12) and math.isclose(y, 0, abs_tol=1e-12)
    assert project(3.0, 48.0)[1] > 0  # further north is higher
    assert project(5.0, 46.5)[0] > 0  # further east is to the right


def test_the_lambert_projection_keeps_the_scale_of_its_two_standard_parallels():
    project = lambert_conformal_conic()

    def east_west_scale(latitude: float) -> float:
        (x1, y1), (x2, y2) = project(2.99, latitude), project(3.01, latitude)
        return math.hypot(x2 - x1, y2 - y1) / (
            math.radians(0.02) * math.cos(math.radians(latitude))
        )

    assert east_west_scale(44.0) == pytest.approx(east_west_scale(49.0), rel=1e-6)


def test_the_equirectangular_projection_squeezes_longitudes_by_the_cosine():
    project = equirectangular(latitude=60.0)
    assert project(10.0, 60.0) == pytest.approx((5.0, 60.0))


@pytest.mark.parametrize(
    ("points", "tolerance", "kept"),
    [
        ([(0, 0), (1, 0.1), (2, 0)], 0.5, [(0, 0), (2, 0)]),
        ([(0, 0), (1, 1), (2, 0)], 0.5, [(0, 0), (1, 1), (2, 0)]),
        ([(0, 0), (5, 0)], 0.5, [(0, 0), (5, 0)]),
        # A closed arc (start == end) keeps its farthest point.
        ([(0, 0), (1, 0), (1, 1), (0, 0)], 0.8, [(0, 0), (1, 1), (0, 0)]),
    ],
)
def test_simplification_drops_points_closer_than_the_tolerance_and_keeps_the_ends(
    points, tolerance, kept
):
    assert simplify(points, tolerance) == kept


def test_an_area_path_closes_each_ring_and_drops_rounding_repeats():
    ring = [(0.0, 0.0), (10.04, 0.0), (10.0, 0.01), (10.0, 10.0), (0.0, 0.0)]
    assert area_path([ring]) == "M0,0 10,0 10,10Z"


def test_rings_that_rounding_flattens_are_not_drawn():
    assert area_path([[(0.0, 0.0), (0.01, 0.01), (0.0, 0.02)]]) == ""


def test_a_line_path_starts_a_subpath_per_line():
    assert line_path([[(0, 0), (1.25, 2)], [(3, 3), (4, 4)]]) == "M0,0 1.2,2M3,3 4,4"


@pytest.mark.parametrize(
    ("users", "regions", "borders"),
    [
        # Two départements of one région: only their outer arcs are a région border.
        ({0: [0, 1], 1: [0], 2: [1]}, ["84", "84"], {1: {"84"}, 2: {"84"}}),
        # Of two régions: the shared arc bounds both.
        ({0: [0, 1], 1: [0], 2: [1]}, ["84", "11"], {0: {"84", "11"}, 1: {"84"}, 2: {"11"}}),
    ],
)
def test_an_arc_is_a_region_border_when_used_once_or_between_regions(users, regions, borders):
    assert region_border_arcs(users, regions) == borders


def _squares_outlines(region_a: str, region_b: str) -> dict:
    return build_outlines(
        SQUARES,
        object_name="squares",
        departements=[("01", "Ain", region_a, "Région A"), ("38", "Isère", region_b, "Région B")],
        region_names={region_a: "Région A", region_b: "Région B"},
    )


def test_outlines_give_each_departement_a_closed_path_with_its_region():
    outlines = _squares_outlines("84", "11")
    assert set(outlines["departements"]) == {"departement:01", "departement:38"}
    ain = outlines["departements"]["departement:01"]
    assert ain["name"] == "Ain" and ain["region"] == "region:84"
    assert ain["path"].startswith("M") and ain["path"].endswith("Z")
    assert outlines["insets"] == []
    assert outlines["view_box"][:3] == [0, 0, 800.0]


def test_the_border_inside_a_region_is_not_drawn_as_a_region_border():
    same = _squares_outlines("84", "84")
    split = _squares_outlines("84", "11")
    # The shared side adds one subpath when the squares belong to different régions.
    assert split["region_borders"].count("M") == same["region_borders"].count("M") + 1
    assert same["regions"]["region:84"]["outline"].count("M") == 2
    assert split["regions"]["region:84"]["outline"].count("M") == 2
    assert split["regions"]["region:11"]["name"] == "Région B"


def test_overseas_departements_are_drawn_as_insets_under_the_mainland():
    outlines = build_outlines(
        SQUARES,
        object_name="squares",
        departements=[("01", "Ain", "84", "A"), ("974", "La Réunion", "04", "La Réunion")],
        region_names={"84": "A", "04": "La Réunion"},
    )
    (inset,) = outlines["insets"]
    x, y, width, height = inset["box"]
    assert inset["code"] == "departement:974"
    assert y > 0 and width == height
    assert outlines["view_box"][3] >= y + height
    assert outlines["departements"]["departement:974"]["path"]


def test_one_entry_is_needed_per_geometry():
    with pytest.raises(ValueError, match="per geometry"):
        build_outlines(SQUARES, object_name="squares", departements=[], region_names={})
