"""The committed demo files, read as data: enough real records, valid codes, facts only."""

import pytest

from terreau.vocabularies.models import ActorType, Domain, LegalForm, Stage

# The contract's record formats (contracts.md): nothing else may appear in a demo record.
PROJECT_FIELDS = {
    "ref", "name", "summary", "description", "domains", "stage", "territory", "organisation",
    "year_started", "legal_form", "website", "beneficiaries", "funding_need", "published",
}  # fmt: skip
ORGANISATION_FIELDS = {
    "ref", "name", "actor_types", "summary", "description", "territory", "legal_form", "website",
}  # fmt: skip


def test_there_are_at_least_forty_projects_and_twenty_five_organisations(
    demo_projects, demo_organisations
):
    assert len(demo_projects) >= 40
    assert len(demo_organisations) >= 25


@pytest.mark.parametrize(
    ("records", "fields"),
    [("demo_projects", PROJECT_FIELDS), ("demo_organisations", ORGANISATION_FIELDS)],
)
def test_every_record_uses_only_the_fields_of_the_record_format(request, records, fields):
    for record in request.getfixturevalue(records):
        assert set(record) <= fields, record["ref"]
        assert record["ref"] and record["name"]


@pytest.mark.parametrize("records", ["demo_projects", "demo_organisations"])
def test_refs_are_unique(request, records):
    refs = [record["ref"] for record in request.getfixturevalue(records)]
    assert len(refs) == len(set(refs))


@pytest.mark.parametrize("records", ["demo_projects", "demo_organisations"])
def test_every_territory_is_a_real_commune_or_region_of_the_official_map(
    request, records, official_map
):
    codes = {row.code for row in official_map.rows}
    for record in request.getfixturevalue(records):
        if "territory" in record:
            assert record["territory"] in codes, record["ref"]
            assert record["territory"].split(":")[0] in {"commune", "departement", "region"}


def test_projects_are_spread_over_at_least_ten_regions(demo_projects, official_map):
    region_of = {row.code: row.region or row.code for row in official_map.rows}
    regions = {region_of[p["territory"]] for p in demo_projects if "territory" in p}
    assert len(regions) >= 10, sorted(regions)


def test_every_project_names_an_organisation_of_the_demo_file(demo_projects, demo_organisations):
    organisations = {o["ref"] for o in demo_organisations}
    carried = [p for p in demo_projects if "organisation" in p]
    assert all(p["organisation"] in organisations for p in carried)
    assert len(carried) >= 40


def test_summaries_are_short_and_descriptions_have_two_to_four_paragraphs(demo_projects):
    for project in demo_projects:
        assert 0 < len(project["summary"]) <= 300, project["ref"]
        paragraphs = project["description"].split("\n\n")
        assert 2 <= len(paragraphs) <= 4, project["ref"]


@pytest.mark.parametrize("records", ["demo_projects", "demo_organisations"])
def test_no_uncertain_fact_marker_or_placeholder_was_left_in_the_text(request, records):
    for record in request.getfixturevalue(records):
        text = " ".join(str(value) for value in record.values())
        for marker in ("(?)", "[unverified]", "TODO", "lorem", "XXX"):
            assert marker not in text, (record["ref"], marker)


def test_websites_are_https_addresses(demo_projects, demo_organisations):
    for record in demo_projects + demo_organisations:
        if "website" in record:
            assert record["website"].startswith("https://"), record["ref"]


@pytest.mark.django_db
def test_every_vocabulary_code_is_one_of_the_taxonomy(demo_projects, demo_organisations):
    domains = set(Domain.objects.values_list("code", flat=True))
    stages = set(Stage.objects.values_list("code", flat=True))
    legal_forms = set(LegalForm.objects.values_list("code", flat=True))
    actor_types = set(ActorType.objects.values_list("code", flat=True))
    for project in demo_projects:
        assert set(project["domains"]) <= domains, project["ref"]
        assert project["domains"], project["ref"]
        assert project.get("stage", "emergence") in stages, project["ref"]
        assert project.get("legal_form", "association") in legal_forms, project["ref"]
    for organisation in demo_organisations:
        assert set(organisation["actor_types"]) <= actor_types, organisation["ref"]
        assert organisation.get("legal_form", "association") in legal_forms, organisation["ref"]
