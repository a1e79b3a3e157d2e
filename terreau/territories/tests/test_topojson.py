"""The TopoJSON decoder, on hand-made topologies whose answers can be checked by eye."""

import pytest

from terreau.territories.topojson import arc_index, arc_users, decode_arcs, ring_points, rings

# Two unit squares side by side sharing the arc x=1 (arc 0); arcs 1 and 2 close them.
#   (0,1)──(1,1)──(2,1)
#     │  A   │  B   │
#   (0,0)──(1,0)──(2,0)
SQUARES = {
    "type": "Topology",
    "arcs": [
        [[1, 0], [1, 1]],  # the shared border, going up
        [[1, 1], [0, 1], [0, 0], [1, 0]],  # A's other three sides
        [[1, 0], [2, 0], [2, 1], [1, 1]],  # B's other three sides
    ],
    "objects": {
        "squares": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "properties": {"name": "A"}},
                {"type": "Polygon", "arcs": [[2, ~0]], "properties": {"name": "B"}},
            ],
        }
    },
}


def test_arcs_without_a_transform_are_read_as_they_are():
    assert decode_arcs(SQUARES)[1] == [(1, 1), (0, 1), (0, 0), (1, 0)]


def test_quantized_arcs_are_delta_decoded_then_scaled_and_translated():
    topology = {
        "arcs": [[[10, 20], [5, -5], [0, 10]]],
        "transform": {"scale": [0.5, 2.0], "translate": [100.0, -10.0]},
    }
    # Absolute positions (10,20), (15,15), (15,25) → x*0.5+100, y*2-10.
    assert decode_arcs(topology) == [[(105.0, 30.0), (107.5, 20.0), (107.5, 40.0)]]


@pytest.mark.parametrize(
    ("reference", "arc"),
    [(0, 0), (3, 3), (~0, 0), (~3, 3), (-1, 0), (-4, 3)],
)
def test_a_negative_reference_names_the_arc_walked_backwards(reference, arc):
    assert arc_index(reference) == arc


def test_a_ring_joins_its_arcs_keeping_each_junction_once():
    arcs = decode_arcs(SQUARES)
    assert ring_points(arcs, [0, 1]) == [(1, 0), (1, 1), (0, 1), (0, 0), (1, 0)]


def test_a_reversed_arc_is_walked_from_its_end():
    arcs = decode_arcs(SQUARES)
    assert ring_points(arcs, [2, ~0]) == [(1, 0), (2, 0), (2, 1), (1, 1), (1, 0)]


def test_rings_of_polygons_and_multipolygons_are_listed_flat():
    assert rings({"type": "Polygon", "arcs": [[0, 1], [2]]}) == [[0, 1], [2]]
    assert rings({"type": "MultiPolygon", "arcs": [[[0]], [[1], [2]]]}) == [[0], [1], [2]]
    assert rings({"type": "Point", "coordinates": [0, 0]}) == []
    assert rings({"type": None}) == []


def test_each_arc_knows_the_geometries_using_it():
    geometries = SQUARES["objects"]["squares"]["geometries"]
    assert arc_users(geometries) == {0: [0, 1], 1: [0], 2: [1]}
