"""From a TopoJSON of the départements to the SVG outlines of our offline maps (pure).

Used at build time by scripts/build_territory_data.py; the result is committed as
terreau/territories/data/outlines.json.gz and drawn by `maps.py`.

- Metropolitan France (Corsica included) is drawn in the Lambert conformal conic
  projection of the official Lambert-93 grid (a sphere is precise enough at this scale).
- Each overseas département gets its own inset, in a row under the mainland, not to
  scale (Guyane would otherwise dwarf Martinique).
- A région is the union of its départements: its fill is their paths, and its border is
  every arc that either lies on the coast or frontier (used once) or separates two
  départements of different régions. No ring stitching is needed for a stroke.
"""

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from terreau.territories.topojson import (
    Point,
    arc_index,
    arc_users,
    decode_arcs,
    ring_points,
    rings,
)

WIDTH = 800.0
MARGIN = 8.0
INSET_GAP = 12.0
# Douglas-Peucker tolerance, in viewBox units (the map is 800 wide, drawn ~640 px).
TOLERANCE = 0.4
# Overseas insets, left to right, in INSEE order.
OVERSEAS = ("971", "972", "973", "974", "976")

Projection = Callable[[float, float], Point]


def lambert_conformal_conic(
    *, parallels: tuple[float, float] = (44.0, 49.0), origin: tuple[float, float] = (3.0, 46.5)
) -> Projection:
    """The spherical Lambert conformal conic projection (defaults: the Lambert-93 grid's
    standard parallels and origin). Returns (x, y) with y pointing north."""
    phi1, phi2 = (math.radians(p) for p in parallels)
    lon0, lat0 = (math.radians(v) for v in origin)
    n = math.log(math.cos(phi1) / math.cos(phi2)) / math.log(
        math.tan(math.pi / 4 + phi2 / 2) / math.tan(math.pi / 4 + phi1 / 2)
    )
    f = math.cos(phi1) * math.tan(math.pi / 4 + phi1 / 2) ** n / n
    rho0 = f / math.tan(math.pi / 4 + lat0 / 2) ** n

    def project(lon: float, lat: float) -> Point:
        rho = f / math.tan(math.pi / 4 + math.radians(lat) / 2) ** n
        theta = n * (math.radians(lon) - lon0)
        return rho * math.sin(theta), rho0 - rho * math.cos(theta)

    return project


def equirectangular(*, latitude: float) -> Projection:
    """Plate carrée with true scale at `latitude`: faithful enough for a small island."""
    squeeze = math.cos(math.radians(latitude))
    return lambda lon, lat: (lon * squeeze, lat)


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    def as_list(self) -> list[float]:
        return [round(v, 1) for v in (self.x, self.y, self.width, self.height)]


def fit(points: Iterable[Point], box: Box) -> Callable[[Point], Point]:
    """A uniform scaling that centres `points` inside `box` (SVG axes: y grows downward)."""
    xs, ys = zip(*points, strict=True)
    span = max(max(xs) - min(xs), 1e-12), max(max(ys) - min(ys), 1e-12)
    scale = min(box.width / span[0], box.height / span[1])
    left = box.x + (box.width - span[0] * scale) / 2 - min(xs) * scale
    top = box.y + (box.height - span[1] * scale) / 2 + max(ys) * scale
    return lambda p: (left + p[0] * scale, top - p[1] * scale)


def simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker: drop the points closer than `tolerance` to the line through the
    points kept around them. The ends are always kept, so shared arcs still meet."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        length = math.hypot(x2 - x1, y2 - y1)
        farthest, distance = first, 0.0
        for k in range(first + 1, last):
            x, y = points[k]
            if length:
                d = abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / length
            else:  # a closed arc: measure from its start
                d = math.hypot(x - x1, y - y1)
            if d > distance:
                farthest, distance = k, d
        if distance > tolerance:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _number(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _svg_points(points: Sequence[Point]) -> list[str]:
    """Rounded positions, without the repeats that rounding creates."""
    out: list[str] = []
    for x, y in points:
        pair = f"{_number(x)},{_number(y)}"
        if not out or out[-1] != pair:
            out.append(pair)
    return out


def area_path(point_rings: Iterable[Sequence[Point]]) -> str:
    """A closed SVG path: one `M…Z` subpath per ring (too small rings are dropped)."""
    parts = []
    for points in point_rings:
        pairs = _svg_points(points)
        if len(pairs) > 1 and pairs[0] == pairs[-1]:
            pairs.pop()
        if len(pairs) >= 3:
            parts.append("M" + " ".join(pairs) + "Z")
    return "".join(parts)


def line_path(lines: Iterable[Sequence[Point]]) -> str:
    """An open SVG path: one `M…` subpath per line."""
    parts = []
    for points in lines:
        pairs = _svg_points(points)
        if len(pairs) >= 2:
            parts.append("M" + " ".join(pairs))
    return "".join(parts)


def region_border_arcs(
    users: Mapping[int, Sequence[int]], region_of: Sequence[str]
) -> dict[int, set[str]]:
    """The arcs that are a région border, each with the régions it bounds: arcs used once
    (coast, frontier) or shared by départements of different régions."""
    borders = {}
    for arc, geometry_indexes in users.items():
        regions = {region_of[i] for i in geometry_indexes}
        if len(geometry_indexes) == 1 or len(regions) > 1:
            borders[arc] = regions
    return borders


def build_outlines(
    topology: dict,
    *,
    object_name: str,
    departements: Sequence[tuple[str, str, str, str]],
    region_names: Mapping[str, str],
) -> dict:
    """The outlines of every département and région, projected and laid out.

    `departements` gives, for each geometry of `topology.objects[object_name]` in order,
    its (INSEE code, name, région INSEE code, région name) — the caller matches names.
    """
    geometries = topology["objects"][object_name]["geometries"]
    if len(departements) != len(geometries):
        raise ValueError("one (code, name, region) entry is needed per geometry")
    arcs = decode_arcs(topology)
    codes = [code for code, *_ in departements]
    metro = [i for i, code in enumerate(codes) if code not in OVERSEAS]
    overseas = sorted(
        (i for i, code in enumerate(codes) if code in OVERSEAS),
        key=lambda i: OVERSEAS.index(codes[i]),
    )

    def points_of(i: int) -> list[Point]:
        return [p for ring in rings(geometries[i]) for p in ring_points(arcs, ring)]

    # Each geometry's placement on screen: its projection, then its box's scaling.
    lcc = lambert_conformal_conic()
    metro_points = [lcc(*p) for i in metro for p in points_of(i)]
    xs, ys = zip(*metro_points, strict=True)
    aspect = (max(ys) - min(ys)) / (max(xs) - min(xs))
    mainland = Box(MARGIN, MARGIN, WIDTH - 2 * MARGIN, (WIDTH - 2 * MARGIN) * aspect)
    to_mainland = fit(metro_points, mainland)
    place: dict[int, Callable[[Point], Point]] = {
        i: (lambda p: to_mainland(lcc(*p))) for i in metro
    }

    insets = []
    height = mainland.y + mainland.height + MARGIN
    if overseas:
        side = (WIDTH - 2 * MARGIN - INSET_GAP * (len(overseas) - 1)) / len(overseas)
        top = mainland.y + mainland.height + INSET_GAP
        for slot, i in enumerate(overseas):
            latitudes = [lat for _, lat in points_of(i)]
            project = equirectangular(latitude=sum(latitudes) / len(latitudes))
            frame = Box(MARGIN + slot * (side + INSET_GAP), top, side, side)
            padded = Box(frame.x + 6, frame.y + 6, frame.width - 12, frame.height - 12)
            to_inset = fit([project(*p) for p in points_of(i)], padded)
            place[i] = lambda p, project=project, to_inset=to_inset: to_inset(project(*p))
            insets.append({"code": f"departement:{codes[i]}", "box": frame.as_list()})
        height = top + side + MARGIN

    # Each arc on screen, placed by (the first of) the départements using it, then
    # simplified once: neighbours share the very same simplified border.
    arc_screen: dict[int, list[Point]] = {}
    for i in place:
        for ring in rings(geometries[i]):
            for reference in ring:
                arc = arc_index(reference)
                if arc not in arc_screen:
                    arc_screen[arc] = simplify([place[i](p) for p in arcs[arc]], TOLERANCE)
    screen = {i: [ring_points(arc_screen, ring) for ring in rings(geometries[i])] for i in place}

    region_of = [region for _, _, region, _ in departements]
    borders = region_border_arcs(arc_users(geometries), region_of)
    outline_arcs: dict[str, list[int]] = {region: [] for region in region_of}
    for arc, regions in sorted(borders.items()):
        for region in regions:
            outline_arcs[region].append(arc)

    return {
        "view_box": [0, 0, WIDTH, round(height, 1)],
        "insets": insets,
        "departements": {
            f"departement:{code}": {
                "name": name,
                "region": f"region:{region}",
                "path": area_path(screen[i]),
            }
            for i, (code, name, region, _) in enumerate(departements)
        },
        "regions": {
            f"region:{region}": {
                "name": region_names[region],
                "outline": line_path(arc_screen[arc] for arc in outline_arcs[region]),
            }
            for region in sorted(outline_arcs)
        },
        "region_borders": line_path(arc_screen[arc] for arc in sorted(borders)),
    }
