"""`terreau export`: what `import` reads back unchanged, byte for byte."""

import json

import pytest

from terreau.organisations.models import Organisation
from terreau.projects.models import Project
from terreau.records.tests.conftest import jsonl, terreau

pytestmark = pytest.mark.usefixtures("records_world")

ORGANISATIONS = [
    {
        "ref": "atelier-solidaire",
        "name": "L'Atelier « solidaire »",
        "actor_types": ["association", "reseau"],
        "summary": "Réparer, ensemble.",
        "description": "Ligne 1\nLigne 2, avec une virgule; et un point-virgule\n\n| a | b |",
        "territory": "departement:69",
        "legal_form": "association",
        "website": "https://atelier.example.org/?a=1&b=2",
    },
    {"ref": "collectif-zero", "name": "=Collectif zéro", "territory": "FR"},
]
PROJECTS = [
    {
        "ref": "velo-ecole",
        "name": "Vélo-école « pour toutes »",
        "summary": 'Apprendre le vélo, "à tout âge".',
        "description": "# Titre\r\n\r\n- un\n- deux\n\ttabulé  ",
        "domains": ["mobilite", "cohesion-sociale", "education-jeunesse"],
        "stage": "diffusion",
        "territory": "commune:69266",
        "organisation": "atelier-solidaire",
        "year_started": 2015,
        "legal_form": "association",
        "website": "https://velo.example.org",
        "beneficiaries": "Femmes des quartiers prioritaires | adultes",
        "funding_need": 1_250_000,
        "published": True,
    },
    {
        "ref": "a-brouillon",
        "name": "Brouillon",
        "published": False,
        "organisation": "=Collectif zéro",
    },
    {"ref": "Z_majuscule-9", "name": "0123", "territory": "region:53", "funding_need": 0},
]


@pytest.fixture
def records(records_world, tmp_path):
    assert (
        terreau("import", "organisations", jsonl(tmp_path / "o.jsonl", *ORGANISATIONS)).status == 0
    )
    result = terreau("import", "projects", jsonl(tmp_path / "p.jsonl", *PROJECTS))
    assert result.status == 0, result.err


def export(tmp_path, kind, file_format, name="export"):
    path = tmp_path / f"{name}.{file_format}"
    result = terreau("export", kind, "--format", file_format, "-o", str(path))
    assert result.status == 0, result.err
    return path


@pytest.mark.usefixtures("records")
@pytest.mark.parametrize("file_format", ["jsonl", "json", "csv", "xlsx"])
def test_an_export_imported_into_an_empty_database_exports_the_same_bytes(tmp_path, file_format):
    organisations = export(tmp_path, "organisations", file_format, "o1")
    projects = export(tmp_path, "projects", file_format, "p1")
    Project.objects.all().delete()
    Organisation.objects.filter(ref__in=[o["ref"] for o in ORGANISATIONS]).delete()

    assert "2 created" in terreau("import", "organisations", str(organisations)).out
    assert "3 created" in terreau("import", "projects", str(projects)).out

    assert export(tmp_path, "organisations", file_format, "o2").read_bytes() == (
        organisations.read_bytes()
    )
    assert export(tmp_path, "projects", file_format, "p2").read_bytes() == projects.read_bytes()


@pytest.mark.usefixtures("records")
@pytest.mark.parametrize("file_format", ["jsonl", "json", "csv", "xlsx"])
def test_importing_an_export_back_changes_nothing(tmp_path, file_format):
    path = export(tmp_path, "projects", file_format)
    assert "0 created, 0 updated, 3 unchanged" in terreau("import", "projects", str(path)).out


@pytest.mark.usefixtures("records")
def test_the_jsonl_export_has_every_field_of_the_record_format_with_codes_and_refs():
    lines = terreau("export", "projects").out.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["ref"] for r in records] == sorted(p["ref"] for p in PROJECTS)
    velo = next(r for r in records if r["ref"] == "velo-ecole")
    assert velo == {
        **PROJECTS[0],
        "domains": sorted(PROJECTS[0]["domains"]),
        "description": PROJECTS[0]["description"].replace("\r\n", "\n"),  # one kind of break
    }
    draft = next(r for r in records if r["ref"] == "a-brouillon")
    assert draft["organisation"] == "collectif-zero"
    assert (draft["stage"], draft["funding_need"], draft["domains"]) == (None, None, [])


@pytest.mark.usefixtures("records")
def test_the_csv_export_goes_to_the_standard_output_with_pipes():
    out = terreau("export", "organisations", "--format", "csv").out
    assert out.startswith("\ufeffref,name,actor_types,summary,description,territory,")
    assert "atelier-solidaire,L'Atelier « solidaire »,association|reseau," in out


def test_an_export_with_no_record_is_still_a_valid_file(tmp_path):
    Project.objects.all().delete()
    path = export(tmp_path, "projects", "json")
    assert path.read_text() == "[]\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xlsx"], "an .xlsx export needs a file"),
        (["-o", "out.txt"], "unsupported file type “.txt”"),
        (["--format", "csv", "-o", "out.jsonl"], "a csv export needs a file ending in .csv"),
    ],
)
def test_an_export_to_an_unsuitable_destination_is_refused(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = terreau("export", "projects", *args)
    assert result.status == 1
    assert message in result.err
