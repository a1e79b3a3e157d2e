"""Choropleth maps of counts per région or département, drawn on the server (pure: data in,
data out; the outlines come from the packaged data/outlines.json.gz).

How the directory calls it (the map view of /projets/ and /organisations/)::

    from terreau.territories.maps import choropleth

    counts = {"region:84": 12, "region:11": 30}            # code → count (0 if absent)
    context["choropleth"] = choropleth(
        level="region",                                    # or "departement"
        counts=counts,
        url_for=lambda code: f"{reverse('directory:projects')}?territory={code}",
        noun="projects",                                   # or "organisations"
    )

and in the template::

    {% include "territories/choropleth.html" with map=choropleth %}

The partial brings its own stylesheet link. It renders an inline SVG where every area is
a link to `url_for(code)` named "Rhône : 12 projets" (also its `<title>`), coloured by one
of 5 quantile classes (a colour-blind-safe sequential palette, classes in CSS), a legend,
and a table (caption, headers, total) giving the same numbers. Overseas départements
and régions are drawn as insets under the mainland.
"""

import gzip
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from terreau.territories.text import fold

OUTLINES_FILE = Path(__file__).resolve().parent / "data" / "outlines.json.gz"
LEVELS = ("region", "departement")
CLASSES = 5


@cache
def outlines() -> dict:
    return json.loads(gzip.decompress(OUTLINES_FILE.read_bytes()))


def _area_label(noun: str, name: str, count: int) -> str:
    values = {"name": name, "count": number_format(count, force_grouping=True)}
    if noun == "organisations":
        return (
            ngettext("%(name)s: %(count)s organisation", "%(name)s: %(count)s organisations", count)
            % values
        )
    return ngettext("%(name)s: %(count)s project", "%(name)s: %(count)s projects", count) % values


def _headings(noun: str, level: str) -> tuple[str, str, str]:
    """Caption, first column and count column of the table."""
    place = _("Région") if level == "region" else _("Département")
    if noun == "organisations":
        caption = (
            _("Organisations by région") if level == "region" else _("Organisations by département")
        )
        return caption, place, _("Organisations")
    caption = _("Projects by région") if level == "region" else _("Projects by département")
    return caption, place, _("Projects")


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    count: int
    url: str
    label: str  # the accessible name: "Rhône : 12 projets"
    css_class: str
    shapes: list[str]  # SVG path data, filled
    outline: str = ""  # SVG path data of the border drawn on focus (régions)


@dataclass(frozen=True)
class LegendItem:
    css_class: str
    label: str


@dataclass(frozen=True)
class Choropleth:
    level: str
    view_box: str
    areas: list[Area]
    borders: str  # région borders, drawn over a map of départements
    insets: list[list[float]]
    legend: list[LegendItem]
    caption: str
    place_heading: str
    count_heading: str
    rows: list[Area] = field(default_factory=list)  # the same areas, for the table
    total: int = 0
    html_id: str = "choropleth"


def quantile_classes(values: list[int], classes: int = CLASSES) -> list[tuple[int, int, int]]:
    """Class bounds for the positive `values`: a list of (class number, lowest, highest),
    at most `classes` long, by quantiles (each class holds about as many areas). When
    there are fewer distinct values than classes, they are spread over the palette so
    that the darkest colour always means the highest count."""
    positive = sorted(v for v in values if v > 0)
    if not positive:
        return []
    uppers = []
    for j in range(1, classes + 1):
        upper = positive[max(0, -(-j * len(positive) // classes) - 1)]  # nearest rank
        if not uppers or upper > uppers[-1]:
            uppers.append(upper)
    bounds = []
    low = positive[0]
    for position, upper in enumerate(uppers):
        number = (
            classes if len(uppers) == 1 else 1 + round(position * (classes - 1) / (len(uppers) - 1))
        )
        bounds.append((number, low, upper))
        low = upper + 1
    return bounds


def class_of(count: int, bounds: list[tuple[int, int, int]]) -> int:
    for number, _low, high in bounds:
        if count <= high:
            return number if count > 0 else 0
    return 0


def choropleth(
    *,
    level: str,
    counts: Mapping[str, int],
    url_for: Callable[[str], str],
    noun: str = "projects",
    html_id: str = "choropleth",
) -> Choropleth:
    """The choropleth of `counts` (territory code → count) at `level` ("region" or
    "departement"); every area links to `url_for(code)`. Codes not drawn at this level
    are ignored. `html_id` prefixes the HTML ids (two maps on one page need two ids)."""
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    data = outlines()
    if level == "region":
        shapes: dict[str, list[str]] = {code: [] for code in data["regions"]}
        for departement in data["departements"].values():
            shapes[departement["region"]].append(departement["path"])
        entries = {
            code: (region["name"], shapes[code], region["outline"])
            for code, region in data["regions"].items()
        }
    else:
        entries = {
            code: (departement["name"], [departement["path"]], "")
            for code, departement in data["departements"].items()
        }
    values = {code: max(int(counts.get(code, 0) or 0), 0) for code in entries}
    bounds = quantile_classes(list(values.values()))
    areas = [
        Area(
            code=code,
            name=name,
            count=values[code],
            url=url_for(code),
            label=_area_label(noun, name, values[code]),
            css_class=f"choropleth__fill--{class_of(values[code], bounds)}",
            shapes=paths,
            outline=outline,
        )
        for code, (name, paths, outline) in entries.items()
    ]
    # By name, on the map as in the table: the order in which the keyboard visits them.
    areas.sort(key=lambda area: fold(area.name))
    legend = []
    if any(v == 0 for v in values.values()):
        legend.append(LegendItem("choropleth__fill--0", "0"))
    for number, low, high in bounds:
        label = (
            number_format(low, force_grouping=True)
            if low == high
            else _("%(low)s to %(high)s")
            % {
                "low": number_format(low, force_grouping=True),
                "high": number_format(high, force_grouping=True),
            }
        )
        legend.append(LegendItem(f"choropleth__fill--{number}", label))
    caption, place_heading, count_heading = _headings(noun, level)
    return Choropleth(
        level=level,
        view_box=" ".join(str(v) for v in data["view_box"]),
        areas=areas,
        borders=data["region_borders"],
        # An overseas région is its one département: the same inset frames at both levels.
        insets=[inset["box"] for inset in data["insets"]],
        legend=legend,
        caption=caption,
        place_heading=place_heading,
        count_heading=count_heading,
        rows=areas,
        total=sum(values.values()),
        html_id=html_id,
    )
