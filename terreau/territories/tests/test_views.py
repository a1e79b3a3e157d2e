"""The territory page /territoires/<code>/."""

import re

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def page(client, code: str) -> str:
    response = client.get(f"/territoires/{code}/", headers={"accept-language": "en"})
    assert response.status_code == 200
    return response.content.decode()


def test_a_commune_page_shows_its_name_kind_parents_and_directory_links(client, small_map):
    html = page(client, "commune:69123")
    assert "<h1>Lyon</h1>" in html
    assert "<dd>Commune</dd>" in html
    assert "69001, 69002" in html
    breadcrumb = html[
        html.index('class="breadcrumbs"') : html.index("</nav>", html.index('class="breadcrumbs"'))
    ]
    assert re.findall(r'<a href="([^"]+)">([^<]+)</a>', breadcrumb) == [
        ("/territoires/FR/", "France"),
        ("/territoires/region:84/", "Auvergne-Rhône-Alpes"),
        ("/territoires/departement:69/", "Rhône"),
        ("/territoires/epci:200046977/", "Métropole de Lyon"),
    ]
    assert '<li aria-current="page">Lyon</li>' in breadcrumb
    assert 'href="/projets/?territory=commune:69123"' in html
    assert 'href="/organisations/?territory=commune:69123"' in html


def test_a_departement_page_links_its_epci_and_communes(client, small_map):
    html = page(client, "departement:69")
    assert 'href="/territoires/epci:200046977/">Métropole de Lyon</a>' in html
    assert 'href="/territoires/commune:69123/">Lyon</a>' in html
    assert 'href="/territoires/commune:69266/">Villeurbanne</a>' in html
    assert "commune:38185" not in html


def test_france_lists_the_regions(client, small_map):
    html = page(client, "FR")
    for code in ("region:84", "region:11", "region:53"):
        assert f'href="/territoires/{code}/"' in html
    assert 'href="/projets/?territory=FR"' in html


def test_the_territories_index_leads_to_france(client, small_map):
    response = client.get("/territoires/")
    assert response.status_code == 302 and response["Location"] == "/territoires/FR/"


@pytest.mark.parametrize("code", ["commune:00000", "nowhere", "<script>", "%00", "x" * 300])
def test_an_unknown_territory_is_a_404(client, small_map, code):
    assert client.get(f"/territoires/{code}/").status_code == 404
