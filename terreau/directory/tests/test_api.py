"""/api/v1/projects and /api/v1/organisations, as contracts.md says."""

import pytest
from django.utils import timezone

from .conftest import make_organisation

pytestmark = pytest.mark.django_db


def test_the_project_list_answers_count_results_and_facets(client, catalogue):
    response = client.get("/api/v1/projects", {"domain": "logement", "territory": "region:84"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "results", "facets"}
    assert body["count"] == 1
    assert body["results"] == [
        {
            "ref": "lyon-habitat",
            "name": "Habitat partagé lyonnais",
            "summary": "Des étudiants logés chez des personnes âgées.",
            "domains": ["logement", "vieillissement"],
            "stage": "experimentation",
            "territory": {"code": "commune:69123", "name": "Lyon"},
            "organisation": {"ref": "habitat-partage", "name": "Habitat Partagé"},
            "url": "http://testserver/projets/lyon-habitat/",
            "updated_at": body["results"][0]["updated_at"],
        }
    ]
    assert set(body["facets"]) == {"domain", "stage", "region"}
    domain = {f["code"]: f for f in body["facets"]["domain"]}
    assert domain["logement"] == {"code": "logement", "label": "Housing", "count": 1}
    assert domain["alimentation"]["count"] == 1  # counted without the domain filter
    region = {f["code"]: f["count"] for f in body["facets"]["region"]}
    assert region == {"region:84": 1, "region:11": 1, "region:53": 0}


def test_facet_labels_follow_the_language_asked_for(client, catalogue):
    response = client.get("/api/v1/projects", headers={"accept-language": "fr"})
    stage = {f["code"]: f["label"] for f in response.json()["facets"]["stage"]}
    assert stage["diffusion"] == "Diffusion et changement d'échelle"


def test_filters_repeat_and_paginate(client, catalogue):
    body = client.get(
        "/api/v1/projects?domain=mobilite&domain=alimentation&page_size=1&page=2"
    ).json()
    assert body["count"] == 2
    assert len(body["results"]) == 1


def test_drafts_and_hidden_projects_are_never_listed(client, catalogue):
    refs = {r["ref"] for r in client.get("/api/v1/projects?page_size=100").json()["results"]}
    assert refs == {"lyon-habitat", "villeurbanne-epicerie", "grenoble-mobilite", "paris-logement"}


def test_a_public_project_gives_its_whole_record(client, published_project):
    response = client.get(f"/api/v1/projects/{published_project.ref}")
    assert response.status_code == 200
    record = response.json()
    assert record["ref"] == "maison-des-generations"
    assert record["domains"] == ["logement", "vieillissement"]
    assert record["stage"] == "experimentation"
    assert record["territory"] == {"code": "commune:69123", "name": "Lyon"}
    assert record["organisation"] == {"ref": "habitat-partage", "name": "Habitat Partagé"}
    assert record["url"] == "http://testserver/projets/maison-des-generations/"
    for field in [
        "summary", "description", "year_started", "legal_form", "website", "beneficiaries",
        "funding_need", "published", "links", "team", "image", "created_at", "updated_at",
    ]:  # fmt: skip
        assert field in record


@pytest.mark.parametrize("persona", [None, "outsider", "support_officer", "funder"])
def test_a_draft_is_not_found_by_whoever_may_not_see_it(client, draft_project, persona, request):
    if persona:
        client.force_login(request.getfixturevalue(persona))
    response = client.get(f"/api/v1/projects/{draft_project.ref}")
    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize("persona", ["holder", "teammate", "moderator", "platform_admin"])
def test_a_draft_is_shown_to_its_team_and_the_platform_roles(
    client, draft_project, persona, request
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(f"/api/v1/projects/{draft_project.ref}")
    assert response.status_code == 200
    assert response.json()["published"] is False


def test_a_hidden_project_is_not_found_by_the_public(client, published_project):
    published_project.hidden_at = timezone.now()
    published_project.save(update_fields=["hidden_at"])
    assert client.get(f"/api/v1/projects/{published_project.ref}").status_code == 404


def test_an_unknown_project_is_not_found(client, db):
    response = client.get("/api/v1/projects/nothing-here")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_the_organisation_list_filters_by_actor_type(client, small_map):
    make_organisation(
        "asso", "Asso", small_map["commune:69123"], "association", summary="Une asso."
    )
    make_organisation("coop", "Coop", small_map["commune:75056"], "cooperative")
    body = client.get("/api/v1/organisations", {"actor_type": "association"}).json()
    assert body["count"] == 1
    assert body["results"] == [
        {
            "ref": "asso",
            "name": "Asso",
            "summary": "Une asso.",
            "actor_types": ["association"],
            "territory": {"code": "commune:69123", "name": "Lyon"},
            "url": "http://testserver/organisations/asso/",
            "updated_at": body["results"][0]["updated_at"],
        }
    ]
    assert set(body["facets"]) == {"actor_type", "region"}
    actor_types = {f["code"]: f["count"] for f in body["facets"]["actor_type"]}
    assert actor_types["association"] == 1
    assert actor_types["cooperative"] == 1


BAD_INPUT = [
    "page=0",
    "page=abc",
    "page=-3",
    "page=1e3",
    "page=99999999999999999999",
    "page_size=1000",
    "page_size=0",
    "page_size=",
    "domain=inconnu",
    "domain=logement&domain=%27%20OR%201%3D1%20--",
    "stage=DROP%20TABLE",
    "territory=xyz",
    "territory=region:99",
    "territory=region:84&territory=region:11",
    "territory=%00",
    "territory=" + "9" * 5000,
    "sort=random",
    "actor_type=association",  # not a project filter: ignored, not an error
    "q=" + "a" * 10_000,
]


@pytest.mark.parametrize("path", ["/api/v1/projects", "/api/v1/organisations"])
@pytest.mark.parametrize("query_string", BAD_INPUT)
def test_bad_input_answers_a_clear_4xx_never_a_500(client, catalogue, path, query_string):
    response = client.get(f"{path}?{query_string}")
    assert response.status_code in (200, 400, 422), response.content[:300]
    body = response.json()
    if response.status_code == 200:
        assert set(body) == {"count", "results", "facets"}
    else:
        assert body["detail"], body


def test_an_unknown_code_names_the_parameter(client, catalogue):
    response = client.get("/api/v1/projects?domain=logements&territory=xyz")
    assert response.status_code == 400
    assert response.json() == {
        "detail": [
            {"loc": ["query", "domain"], "msg": "Unknown code: logements."},
            {
                "loc": ["query", "territory"],
                "msg": "Unknown territory code: xyz. Codes look like region:84, "
                "departement:69, epci:200046977 or commune:69123.",
            },
        ]
    }


def test_a_listed_organisation_gives_its_whole_record(client, holder_organisation):
    response = client.get(f"/api/v1/organisations/{holder_organisation.ref}")
    assert response.status_code == 200
    record = response.json()
    assert record["ref"] == "habitat-partage"
    assert record["actor_types"] == ["association"]
    assert record["territory"] == {"code": "commune:69123", "name": "Lyon"}
    assert record["url"] == "http://testserver/organisations/habitat-partage/"
    for field in ["name", "summary", "description", "legal_form", "website", "logo"]:
        assert field in record


@pytest.mark.parametrize(
    ("persona", "status"), [(None, 404), ("outsider", 404), ("teammate", 200), ("moderator", 200)]
)
def test_a_hidden_organisation_is_seen_by_its_members_and_moderators_only(
    client, holder_organisation, persona, status, request
):
    holder_organisation.hidden_at = timezone.now()
    holder_organisation.save(update_fields=["hidden_at"])
    if persona:
        client.force_login(request.getfixturevalue(persona))
    assert client.get(f"/api/v1/organisations/{holder_organisation.ref}").status_code == status
