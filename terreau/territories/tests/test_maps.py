"""Choropleth maps: quantile classes, links, accessible names, legend and table."""

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from terreau.territories.maps import choropleth, class_of, outlines, quantile_classes


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def url_for(code: str) -> str:
    return f"/projets/?territory={code}"


@pytest.mark.parametrize(
    ("values", "bounds"),
    [
        ([], []),
        ([0, 0, 0], []),
        # One distinct value: the darkest class.
        ([4, 4, 0], [(5, 4, 4)]),
        # Two distinct values spread over the palette: lightest and darkest.
        ([1, 9], [(1, 1, 1), (5, 2, 9)]),
        ([1, 2, 3], [(1, 1, 1), (3, 2, 2), (5, 3, 3)]),
        # Ten values: two per class.
        (list(range(1, 11)), [(1, 1, 2), (2, 3, 4), (3, 5, 6), (4, 7, 8), (5, 9, 10)]),
        # Quantiles, not equal intervals: a single outlier gets the top class only.
        ([1, 1, 1, 2, 2, 2, 3, 3, 3, 500], [(1, 1, 1), (2, 2, 2), (4, 3, 3), (5, 4, 500)]),
    ],
)
def test_classes_are_quantiles_of_the_positive_counts(values, bounds):
    assert quantile_classes(values) == bounds


@pytest.mark.parametrize(("count", "number"), [(0, 0), (1, 1), (2, 1), (3, 2), (10, 5), (99, 0)])
def test_a_count_falls_in_the_class_whose_range_holds_it(count, number):
    bounds = [(1, 1, 2), (2, 3, 4), (3, 5, 6), (4, 7, 8), (5, 9, 10)]
    assert class_of(count, bounds) == number


def test_the_packaged_outlines_cover_every_region_and_departement():
    data = outlines()
    assert len(data["regions"]) == 18
    assert len(data["departements"]) == 101
    assert data["departements"]["departement:69"]["region"] == "region:84"
    assert data["departements"]["departement:2A"]["name"] == "Corse-du-Sud"
    assert [inset["code"] for inset in data["insets"]] == [
        f"departement:{code}" for code in ("971", "972", "973", "974", "976")
    ]
    for departement in data["departements"].values():
        assert re.fullmatch(r"(M[-0-9., ]+Z)+", departement["path"])


def test_a_map_of_regions_has_one_linked_area_per_region():
    counts = {"region:84": 12, "region:11": 30, "region:53": 1, "departement:69": 99, "bogus": 5}
    chart = choropleth(level="region", counts=counts, url_for=url_for)
    assert len(chart.areas) == 18
    by_code = {area.code: area for area in chart.areas}
    rhone_alpes = by_code["region:84"]
    assert rhone_alpes.url == "/projets/?territory=region:84"
    assert rhone_alpes.label == "Auvergne-Rhône-Alpes: 12 projects"
    assert len(rhone_alpes.shapes) == 12  # its départements
    assert rhone_alpes.outline.startswith("M")
    assert by_code["region:53"].label == "Bretagne: 1 project"
    assert by_code["region:11"].css_class == "choropleth__fill--5"
    assert by_code["region:28"].css_class == "choropleth__fill--0"
    assert chart.total == 43  # codes of another level, or unknown, are left out


def test_the_legend_lists_zero_then_each_class_range():
    counts = {f"departement:{n:02d}": n for n in range(1, 11)}
    chart = choropleth(level="departement", counts=counts, url_for=url_for, noun="organisations")
    assert [(item.css_class, item.label) for item in chart.legend] == [
        ("choropleth__fill--0", "0"),
        ("choropleth__fill--1", "1 to 2"),
        ("choropleth__fill--2", "3 to 4"),
        ("choropleth__fill--3", "5 to 6"),
        ("choropleth__fill--4", "7 to 8"),
        ("choropleth__fill--5", "9 to 10"),
    ]
    assert chart.caption == "Organisations by département"
    assert chart.count_heading == "Organisations"


def test_an_unknown_level_is_refused():
    with pytest.raises(ValueError, match="level"):
        choropleth(level="commune", counts={}, url_for=url_for)


def render(chart) -> str:
    return render_to_string("territories/choropleth.html", {"map": chart})


def test_the_rendered_map_links_every_area_with_its_accessible_name():
    counts = {"departement:69": 12, "departement:75": 3}
    html = render(choropleth(level="departement", counts=counts, url_for=url_for))
    areas = re.findall(
        r'<a href="([^"]+)" class="choropleth__area ([^"]+)" aria-label="([^"]+)"', html
    )
    assert len(areas) == 101
    assert (
        "/projets/?territory=departement:69",
        "choropleth__fill--5",
        "Rhône: 12 projects",
    ) in areas
    assert "<title>Rhône: 12 projects</title>" in html
    assert 'class="choropleth__borders"' in html
    assert len(re.findall(r'<rect class="choropleth__inset" x="[0-9.]+"', html)) == 5


def test_the_table_gives_the_same_numbers_with_headers_and_total():
    counts = {"region:84": 12, "region:11": 30}
    html = render(
        choropleth(level="region", counts=counts, url_for=url_for, html_id="projects-map")
    )
    table = html[html.index("<table") : html.index("</table>")]
    assert '<caption id="projects-map-caption">Projects by région</caption>' in table
    assert '<th scope="col">Région</th><th scope="col" class="numeric">Projects</th>' in table
    rows = re.findall(
        r'<tr><th scope="row"><a href="([^"]+)">([^<]+)</a></th><td class="numeric">(\d+)</td></tr>',
        table,
    )
    assert len(rows) == 18
    assert ("/projets/?territory=region:84", "Auvergne-Rhône-Alpes", "12") in rows
    assert rows[0][1] == "Auvergne-Rhône-Alpes"  # by name
    assert '<th scope="row">Total</th><td class="numeric">42</td>' in table
    assert 'href="#projects-map-table"' in html  # skip link over the map's 18 links


def test_the_map_has_no_inline_style_or_script():
    html = render(choropleth(level="region", counts={}, url_for=url_for))
    assert "style=" not in html and "<script" not in html
    assert 'href="/static/territories/territories.css"' in html


def test_names_and_urls_are_escaped():
    html = render(choropleth(level="region", counts={}, url_for=lambda code: f'/x?a="<{code}>'))
    assert '"<region' not in html
    assert "&quot;&lt;region:84&gt;" in html


def test_areas_come_by_name_so_the_keyboard_visits_them_as_the_table_lists_them():
    chart = choropleth(level="departement", counts={}, url_for=url_for)
    names = [area.name for area in chart.areas]
    assert names[:3] == ["Ain", "Aisne", "Allier"]
    assert [area.code for area in chart.rows] == [area.code for area in chart.areas]
