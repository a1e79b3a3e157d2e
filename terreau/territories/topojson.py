"""A small TopoJSON decoder: just what our offline maps need (plain data in, data out).

TopoJSON (https://github.com/topojson/topojson-specification) stores each shared border
once, as an *arc*; a polygon is a list of rings, a ring a list of arc indexes, where a
negative index `~i` means arc `i` walked backwards. A quantized topology also carries a
`transform`: arc positions are then integers, delta-encoded (each position is the offset
from the previous one) and mapped back to longitude/latitude by `scale` and `translate`.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence

Point = tuple[float, float]


def decode_arcs(topology: dict) -> list[list[Point]]:
    """Every arc of `topology` as absolute (x, y) positions (longitude, latitude)."""
    transform = topology.get("transform")
    if not transform:
        return [[(float(x), float(y)) for x, y, *_ in arc] for arc in topology["arcs"]]
    (scale_x, scale_y), (shift_x, shift_y) = transform["scale"], transform["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        decoded.append(points)
    return decoded


def arc_index(reference: int) -> int:
    """The arc a ring refers to, whichever way it is walked (`~i` is arc `i` reversed)."""
    return reference if reference >= 0 else ~reference


def rings(geometry: dict) -> list[list[int]]:
    """The rings of a Polygon or MultiPolygon, each as its list of arc references."""
    kind = geometry.get("type")
    if kind == "Polygon":
        return [list(ring) for ring in geometry["arcs"]]
    if kind == "MultiPolygon":
        return [list(ring) for polygon in geometry["arcs"] for ring in polygon]
    return []  # points, lines and null geometries draw no area


def ring_points(arcs: Sequence[Sequence[Point]], ring: Iterable[int]) -> list[Point]:
    """A ring's positions: its arcs end to end, each shared junction point kept once."""
    points: list[Point] = []
    for reference in ring:
        arc = list(arcs[arc_index(reference)])
        if reference < 0:
            arc.reverse()
        points.extend(arc[1:] if points else arc)
    return points


def arc_users(geometries: Sequence[dict]) -> dict[int, list[int]]:
    """For each arc, the indexes of the geometries whose rings use it (a border between
    two areas has two users; a coastline or an outer frontier has one)."""
    users: dict[int, list[int]] = defaultdict(list)
    for position, geometry in enumerate(geometries):
        for ring in rings(geometry):
            for reference in ring:
                if position not in users[arc_index(reference)]:
                    users[arc_index(reference)].append(position)
    return dict(users)
