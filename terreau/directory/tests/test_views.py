"""The directory pages: /projets/, /organisations/ and their maps, with and without JS."""

import pytest

from .conftest import make_organisation

pytestmark = pytest.mark.django_db


def test_the_project_directory_shows_a_search_form_facets_and_cards(client, catalogue):
    response = client.get("/projets/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="q">Search projects</label>' in html
    assert "<legend>Domain</legend>" in html
    assert "<legend>Stage</legend>" in html
    assert 'name="domain" value="logement"' in html
    assert '<label for="f-domain-logement">Housing <span class="facet__count">2</span>' in html
    assert "4 projects" in html
    assert '<a href="/projets/lyon-habitat/">Habitat partagé lyonnais</a>' in html
    assert "Brouillon rennais" not in html
    assert "Projet masqué" not in html
    assert response.context["nav"] == "projects"


def test_empty_and_default_parameters_redirect_to_a_short_bookmarkable_url(client, catalogue):
    response = client.get("/projets/?q=&domain=logement&stage=&sort=newest&page=1&utm=x")
    assert response.status_code == 302
    assert response["Location"] == "/projets/?domain=logement"
    assert client.get("/projets/?domain=logement").status_code == 200


def test_a_territory_typed_as_a_name_becomes_its_code(client, catalogue):
    response = client.get("/projets/?territory=Villeurbanne&territory__code=&territory__shown=")
    assert response.status_code == 302
    assert response["Location"] == "/projets/?territory=commune%3A69266"
    page = client.get(response["Location"]).content.decode()
    assert "1 project" in page
    assert 'value="Villeurbanne"' in page  # the field shows the territory's name


def test_the_territory_chosen_in_the_autocomplete_is_taken_as_is(client, catalogue):
    response = client.get(
        "/projets/?territory=Rh%C3%B4ne&territory__shown=Rh%C3%B4ne&territory__code=departement:69"
    )
    assert response["Location"] == "/projets/?territory=departement%3A69"


def test_an_unknown_territory_name_is_explained(client, catalogue):
    response = client.get("/projets/?territory=Atlantide")
    assert response.status_code == 400
    assert "No territory matches “Atlantide”" in response.content.decode()


def test_bad_parameters_show_the_page_with_a_message_and_status_400(client, catalogue):
    response = client.get("/projets/?domain=logements&page=0")
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem with this search" in html
    assert "Unknown code: logements." in html
    assert "Enter a whole number between 1 and 10000." in html
    assert '<a href="/projets/">Start a new search</a>' in html


@pytest.mark.parametrize(
    "query_string",
    [
        "page=abc",
        "page_size=1000",
        "territory=xyz",
        "territory=%00",
        "territory=" + "x" * 500,
        "stage=%27%3B--",
        "sort=%3Cscript%3E",
        "q=" + "b" * 10_000,
        "level=%3Cscript%3E",
    ],
)
@pytest.mark.parametrize("path", ["/projets/", "/organisations/", "/projets/carte/"])
def test_malformed_input_never_breaks_a_page(client, catalogue, path, query_string):
    response = client.get(f"{path}?{query_string}")
    assert response.status_code in (302, 400)


def test_what_people_type_is_shown_back_escaped(client, catalogue):
    html = client.get("/projets/?q=" + "<script>alert(1)</script>" * 20).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html


def test_pages_are_announced_and_linked(client, catalogue):
    html = client.get("/projets/?page_size=3").content.decode()
    assert '<span aria-current="page">Page 1 of 2</span>' in html
    assert 'href="?page_size=3&amp;page=2" rel="next"' in html
    second = client.get("/projets/?page_size=3&page=2")
    assert "Page 2 of 2" in second.content.decode()
    assert "page 2" in second.content.decode().split("</title>")[0]


def test_a_page_past_the_last_one_says_so(client, catalogue):
    html = client.get("/projets/?page=5").content.decode()
    assert "This page is past the last one (1)." in html
    assert '<a href="/projets/">Back to the first page</a>' in html


def test_active_filters_link_to_the_search_without_them(client, catalogue):
    html = client.get("/projets/?domain=logement&territory=region%3A84").content.decode()
    assert 'aria-label="Active filters"' in html
    assert '<a href="/projets/?territory=region%3A84">Housing' in html
    assert '<a href="/projets/?domain=logement">Auvergne-Rhône-Alpes' in html
    # the région facet links to each région, and the chosen one back to all
    assert 'href="/projets/?domain=logement" aria-current="true">Auvergne-Rhône-Alpes' in html
    assert 'href="/projets/?domain=logement&amp;territory=region%3A11">Île-de-France' in html


def test_an_empty_result_helps_to_widen_the_search(client, catalogue):
    html = client.get("/projets/?stage=evaluation&territory=commune%3A69123").content.decode()
    assert "No project matches this search." in html
    assert '<a href="/projets/?stage=evaluation">Search everywhere, not only in Lyon</a>' in html


def test_the_script_gets_only_the_facets_and_results(client, catalogue):
    response = client.get("/projets/?domain=logement", headers={"x-directory-fragment": "1"})
    assert response.status_code == 200
    assert "X-Directory-Fragment" in response["Vary"]
    html = response.content.decode()
    assert "<html" not in html
    assert "data-directory-facets" in html
    assert "data-directory-results" in html
    assert "2 projects" in html


def test_the_script_gets_errors_as_a_fragment_too(client, catalogue):
    response = client.get("/projets/?domain=nope", headers={"x-directory-fragment": "1"})
    assert response.status_code == 400
    assert "<html" not in response.content.decode()
    assert "Unknown code: nope." in response.content.decode()


def test_the_page_loads_its_script_and_styles_from_static_files_only(client, catalogue):
    html = client.get("/projets/").content.decode()
    assert '<script src="/static/directory/directory.js" defer></script>' in html
    assert "<script>" not in html
    assert "style=" not in html
    assert "onclick" not in html


def test_the_organisation_directory_lists_listed_organisations(client, small_map):
    make_organisation("asso", "Asso lyonnaise", small_map["commune:69123"], "association")
    html = client.get("/organisations/").content.decode()
    assert "1 organisation" in html
    assert '<a href="/organisations/asso/">Asso lyonnaise</a>' in html
    assert "<legend>Actor type</legend>" in html
    assert response_nav(client, "/organisations/") == "organisations"


def response_nav(client, path):
    return client.get(path).context["nav"]


def test_the_map_counts_each_area_and_links_to_its_list(client, catalogue):
    response = client.get("/projets/carte/?domain=logement")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Projects by région" in html
    assert (
        '<th scope="row"><a href="/projets/?domain=logement&amp;territory=region%3A84">'
        'Auvergne-Rhône-Alpes</a></th><td class="numeric">1</td>'
    ) in html
    assert (
        'href="/projets/?domain=logement&amp;territory=region%3A53">Bretagne</a></th><td class="numeric">0</td>'
        in html
    )
    assert 'aria-label="Auvergne-Rhône-Alpes: 1 project"' in html  # the SVG area
    assert 'href="/projets/carte/?domain=logement&amp;level=departement">Départements' in html
    by_departement = client.get("/projets/carte/?domain=logement&level=departement")
    assert "Projects by département" in by_departement.content.decode()
    assert 'name="level" value="departement"' in by_departement.content.decode()


def test_the_map_has_neither_pages_nor_order(client, catalogue):
    response = client.get("/projets/carte/?page=2&sort=name&level=region")
    assert response["Location"] == "/projets/carte/"


def test_lists_and_maps_link_to_each_other_with_the_same_filters(client, catalogue):
    assert (
        'href="/projets/carte/?domain=sante"'
        in client.get("/projets/?domain=sante").content.decode()
    )
    assert (
        'href="/projets/?domain=sante"'
        in client.get("/projets/carte/?domain=sante").content.decode()
    )


def test_the_sort_menu_sends_nothing_for_the_default_order(client, catalogue):
    html = client.get("/projets/?sort=name").content.decode()
    assert '<option value="">Newest first</option>' in html
    assert '<option value="name" selected>Name (A to Z)</option>' in html
    assert 'value="relevance"' not in html  # no relevance without a search text


def test_cards_and_results_never_load_a_column_or_relation_lazily(
    client, catalogue, small_map, monkeypatch
):
    """What a card or an API result shows is fetched up front: with lazy loading made to
    raise, every page and list still answers."""
    from django.db import models

    from terreau.directory import queries

    from .conftest import make_organisation

    make_organisation("asso", "Asso", small_map["commune:69123"], "association", summary="S.")
    shown = queries.Directory.for_display
    monkeypatch.setattr(
        queries.Directory,
        "for_display",
        lambda self, queryset: shown(self, queryset).fetch_mode(models.FETCH_RAISE),
    )
    for path in ["/projets/", "/organisations/", "/api/v1/projects", "/api/v1/organisations"]:
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("query_string", ["", "domain=logement", "domain=nope"])
def test_a_link_skips_the_filters_to_the_results(client, catalogue, query_string):
    html = client.get(f"/projets/?{query_string}").content.decode()
    assert '<a href="#results">Skip the filters, go to the results</a>' in html
    assert 'id="results"' in html
