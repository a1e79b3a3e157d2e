"""/api/v1/territories: the autocomplete's source and the record of a territory."""

import pytest

LIST = "/api/v1/territories"


def test_a_search_answers_codes_names_kinds_and_where_they_lie(client, small_map):
    response = client.get(LIST, {"q": "69001"})
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "results": [
            {
                "code": "commune:69123",
                "name": "Lyon",
                "kind": "commune",
                "context": "Rhône, Auvergne-Rhône-Alpes",
            }
        ],
    }


@pytest.mark.parametrize(
    ("params", "codes"),
    [
        ({"q": "lyon"}, ["commune:69123"]),
        ({"q": "Rhône"}, ["departement:69"]),
        ({"q": "69"}, ["departement:69"]),
        ({"q": "region:84"}, ["region:84"]),
        ({"q": "Paris"}, ["departement:75", "commune:75056"]),
        ({"q": "Paris", "kind": "commune"}, ["commune:75056"]),
        ({"q": "r", "kind": ["epci", "commune"]}, ["epci:243500139", "commune:35238"]),
        ({"q": "r", "limit": 1}, ["departement:69"]),
        ({"q": ""}, []),
        ({}, []),
        ({"q": "nowhere"}, []),
        ({"q": "\"'; DROP TABLE territories_territory; --"}, []),
        ({"q": "NEAR( * %"}, []),
    ],
)
def test_the_search_finds_and_ranks_territories(client, small_map, params, codes):
    body = client.get(LIST, params).json()
    assert [r["code"] for r in body["results"]] == codes
    assert body["count"] == len(codes)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 51}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"kind": "planet"}, "kind"),
        ({"q": "x" * 101}, "q"),
    ],
)
def test_bad_parameters_answer_422_naming_the_parameter(client, small_map, params, field):
    response = client.get(LIST, params)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert any(field in error["loc"] for error in detail)


def test_a_territory_record_gives_its_population_postal_codes_and_parents(client, small_map):
    response = client.get(f"{LIST}/commune:69123")
    assert response.status_code == 200
    assert response.json() == {
        "code": "commune:69123",
        "name": "Lyon",
        "kind": "commune",
        "population": 519_127,
        "postal_codes": [f"6900{n}" for n in range(1, 10)],
        "parents": [
            {"code": "FR", "name": "France"},
            {"code": "region:84", "name": "Auvergne-Rhône-Alpes"},
            {"code": "departement:69", "name": "Rhône"},
            {"code": "epci:200046977", "name": "Métropole de Lyon"},
        ],
    }


def test_france_has_no_parents(client, small_map):
    body = client.get(f"{LIST}/FR").json()
    assert (body["kind"], body["parents"], body["postal_codes"]) == ("fr", [], [])


@pytest.mark.parametrize(
    "code", ["commune:00000", "nowhere", "region:84x", "x" * 300, "%3Cscript%3E"]
)
def test_an_unknown_code_answers_404_with_a_detail(client, small_map, code):
    response = client.get(f"{LIST}/{code}")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_the_endpoints_are_described_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/territories" in paths
    assert "/api/v1/territories/{code}" in paths
