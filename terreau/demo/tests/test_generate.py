"""`terreau generate` and the synthetic records behind it."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from terreau.demo import synthetic
from terreau.organisations.models import Organisation
from terreau.projects.models import Project
from terreau.records.kinds import projects as project_kind
from terreau.territories.tests.factories import SMALL_MAP

PLACES = [
    synthetic.Place(code, kind, name, region, departement, population)
    for code, kind, name, region, departement, _epci, population, _postal in SMALL_MAP
]
VOCABULARIES = synthetic.Vocabularies(
    domains=["logement", "vieillissement", "sante", "mobilite"],
    stages=["emergence", "diffusion"],
    legal_forms=["association", "scic"],
    actor_types=["association", "fondation", "financeur", "cooperative"],
)


def some_projects(seed: int, count: int = 200) -> list[dict]:
    carriers = [("org-a", "departement:69"), ("org-b", "departement:35")]
    return list(
        synthetic.projects(
            count=count,
            seed=seed,
            places=PLACES,
            vocabularies=VOCABULARIES,
            organisations=carriers,
        )
    )


def test_the_same_seed_gives_the_same_records_and_another_seed_others():
    assert some_projects(7) == some_projects(7)
    assert [p["name"] for p in some_projects(7)] != [p["name"] for p in some_projects(8)]


def test_synthetic_projects_read_like_real_ones_and_fit_the_record_format():
    records = some_projects(1, count=500)
    assert len({r["ref"] for r in records}) == 500
    for record in records:
        assert set(record) == {f.name for f in project_kind.KIND.fields}
        assert len(record["summary"]) <= 300
        assert 600 <= len(record["description"].encode()) <= 2000
        assert set(record["domains"]) <= set(VOCABULARIES.domains)
        assert record["territory"] in {p.code for p in PLACES}
        assert record["organisation"] in {"org-a", "org-b"}
    drafts = sum(not r["published"] for r in records)
    assert 5 <= drafts <= 60
    # Places follow the population: Lyon and Paris far more often than Villeurbanne.
    territories = [r["territory"] for r in records]
    assert territories.count("commune:69123") > territories.count("commune:69266")
    assert "## Pourquoi" in records[0]["description"]


def test_synthetic_organisations_are_deterministic_and_carry_valid_codes():
    def make(seed):
        return list(
            synthetic.organisations(count=50, seed=seed, places=PLACES, vocabularies=VOCABULARIES)
        )

    organisations = make(3)
    assert organisations == make(3)
    for record in organisations:
        assert set(record["actor_types"]) <= set(VOCABULARIES.actor_types)
        assert record["website"].startswith("https://")


def generate(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with translation.override("en"):
        call_command("generate", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.usefixtures("small_map")
def test_generate_fills_the_database_and_a_second_run_with_the_same_seed_changes_nothing():
    out, _err = generate("--projects", "120", "--organisations", "15", "--seed", "4")
    assert "organisations: 15 created, 0 updated, 0 unchanged" in out
    assert "projects: 120 created, 0 updated, 0 unchanged" in out
    assert Project.objects.count() == 120 and Organisation.objects.count() == 15
    assert not Project.objects.filter(organisation__isnull=True).exists()
    assert Project.objects.exclude(in_region="").values("in_region").distinct().count() == 3
    assert Project.objects.filter(published=False).exists()
    out, _err = generate("--projects", "120", "--organisations", "15", "--seed", "4")
    assert "projects: 0 created, 0 updated, 120 unchanged" in out


@pytest.mark.usefixtures("small_map")
def test_funding_and_programmes_are_accepted_with_a_notice_that_they_come_later():
    out, err = generate("--projects", "3", "--funding", "10", "--programmes", "2")
    assert "--funding 10 ignored" in err and "--programmes 2 ignored" in err
    assert "projects: 3 created" in out


@pytest.mark.django_db
def test_generate_without_territories_says_how_to_load_them():
    with pytest.raises(CommandError, match="run `terreau load_territories` first"):
        generate("--projects", "3")
