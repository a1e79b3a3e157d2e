"""`terreau import`: all or nothing, every error located, idempotent, upsert on ref."""

import json

import pytest
from openpyxl import Workbook

from terreau.projects.models import Project
from terreau.records.models import ImportBatch
from terreau.records.tests.conftest import jsonl, terreau

pytestmark = pytest.mark.usefixtures("records_world")

CREATED = {
    "ref": "jardin-partage",
    "name": "Jardin partagé des Pentes",
    "summary": "Un jardin cultivé par les habitants du quartier.",
    "description": "## Le jardin\n\nOuvert à tous, **le samedi**.",
    "domains": ["cohesion-sociale", "alimentation"],
    "stage": "experimentation",
    "territory": "commune:69123",
    "organisation": "habitat-partage",
    "year_started": 2019,
    "legal_form": "association",
    "website": "https://jardin.example.org",
    "beneficiaries": "Habitants du quartier",
    "funding_need": 15000,
    "published": True,
}


def test_a_valid_file_creates_its_records_and_says_how_many(tmp_path):
    other = {"ref": "repair-cafe", "name": "Repair café", "published": False}
    result = terreau("import", "projects", jsonl(tmp_path / "p.jsonl", CREATED, other))
    assert result.status == 0, result.err
    assert "2 created, 0 updated, 0 unchanged" in result.out
    project = Project.objects.get(ref="jardin-partage")
    assert project.to_record() | {"domains": sorted(CREATED["domains"])} == project.to_record()
    assert {k: project.to_record()[k] for k in CREATED} == {
        **CREATED,
        "domains": ["alimentation", "cohesion-sociale"],
    }
    assert project.in_region == "region:84" and project.in_epci == "epci:200046977"
    assert project.created_at is not None and project.updated_at >= project.created_at
    assert (project.version, project.links, project.team, project.image.name) == (1, [], [], "")
    assert Project.objects.get(ref="repair-cafe").published is False


def test_a_project_imported_without_published_is_published(tmp_path):
    terreau("import", "projects", jsonl(tmp_path / "p.jsonl", {"ref": "a", "name": "A"}))
    assert Project.objects.get(ref="a").published is True


def test_importing_the_same_file_twice_changes_nothing_the_second_time(tmp_path):
    path = jsonl(tmp_path / "p.jsonl", CREATED, {"ref": "b", "name": "B"})
    terreau("import", "projects", path)
    before = list(Project.objects.values_list("ref", "version", "updated_at"))
    result = terreau("import", "projects", path)
    assert result.status == 0
    assert "0 created, 0 updated, 2 unchanged" in result.out
    assert list(Project.objects.values_list("ref", "version", "updated_at")) == before


def test_a_row_with_an_existing_ref_updates_that_record_and_keeps_absent_fields(tmp_path):
    terreau("import", "projects", jsonl(tmp_path / "a.jsonl", CREATED))
    change = {"ref": "jardin-partage", "name": "Jardin des Pentes", "domains": ["sante"]}
    result = terreau("import", "projects", jsonl(tmp_path / "b.jsonl", change))
    assert "0 created, 1 updated, 0 unchanged" in result.out
    project = Project.objects.get(ref="jardin-partage")
    assert (project.name, project.version) == ("Jardin des Pentes", 2)
    assert list(project.domains.values_list("code", flat=True)) == ["sante"]
    assert project.funding_need == 15000  # absent from the row: kept
    assert project.revisions.count() == 2


def test_an_invalid_row_at_the_end_leaves_the_database_unchanged(tmp_path):
    terreau("import", "projects", jsonl(tmp_path / "a.jsonl", CREATED))
    before = list(Project.objects.values_list("ref", "name", "version"))
    rows = [{"ref": f"p{i}", "name": f"Projet {i}"} for i in range(30)]
    rows.append({**CREATED, "name": "Renamed"})
    rows.append({"ref": "last", "name": "Last", "stage": "adolescence"})
    result = terreau("import", "projects", jsonl(tmp_path / "b.jsonl", *rows))
    assert result.status == 1
    assert result.errors[0] == (
        f"{tmp_path / 'b.jsonl'}:32: stage: unknown code “adolescence” "
        "(known codes: diffusion, emergence, evaluation, experimentation)"
    )
    assert "1 error in" in result.errors[-1] and "nothing was imported" in result.errors[-1]
    assert list(Project.objects.values_list("ref", "name", "version")) == before
    assert ImportBatch.objects.count() == 1  # the first import only


def test_every_error_of_the_file_is_reported_with_its_line_and_field(tmp_path):
    path = tmp_path / "bad.jsonl"
    lines = [
        json.dumps({"ref": "ok", "name": "Fine"}),
        json.dumps({"ref": "x1", "name": "N", "domains": ["logement", "loisirs"]}),
        json.dumps({"ref": "x2", "name": "N", "territory": "commune:99999"}),
        json.dumps({"ref": "x3", "name": "N", "organisation": "Nobody"}),
        json.dumps({"ref": "x4", "name": "N", "summary": "s" * 301}),
        json.dumps({"ref": "x5", "name": "N", "funding_need": "beaucoup"}),
        json.dumps({"ref": "x6", "name": "N", "year_started": 3000}),
        json.dumps({"ref": "x7", "name": "N", "website": "www.example.org"}),
        json.dumps({"ref": "ok", "name": "Twice"}),
        '{"ref": "x9", "name": ',
        json.dumps({"ref": "x10", "name": "N", "legal_form": "sarl"}),
        json.dumps({"name": "No ref", "colour": "green"}),
        "",
        json.dumps({"ref": "nouveau", "name": "Reserved"}),
    ]
    path.write_text("\n".join(lines) + "\n")
    result = terreau("import", "projects", str(path))
    assert result.status == 1
    errors = [line.removeprefix(f"{path}:") for line in result.errors[:-1]]
    assert errors == [
        "2: domains: unknown code “loisirs” (known codes: " + errors[0].split("(known codes: ")[1],
        "3: territory: unknown territory “commune:99999” (codes look like commune:69123, "
        "departement:69, region:84 or FR)",
        "4: organisation: unknown organisation “Nobody” (give its ref or its exact name)",
        "5: summary: is 301 characters long; at most 300 are allowed",
        "6: funding_need: “beaucoup” is not a whole number",
        "7: year_started: 3000 is not a plausible year (between 1800 and "
        + errors[5].split("and ")[1],
        "8: website: “www.example.org” is not a valid web address (it must start with "
        "http:// or https://)",
        "9: ref: “ok” already appears on line 1 of this file",
        "10: record: malformed JSON (Expecting value, column 22)",
        "11: legal_form: unknown code “sarl” " + errors[9].split("“sarl” ")[1],
        "12: colour: unknown field",
        "12: ref: this field is required",
        "14: ref: this ref is reserved for a page of the site",
    ]
    assert "13 errors" in result.errors[-1]
    assert not Project.objects.exists()


def test_a_dry_run_counts_what_would_change_and_writes_nothing(tmp_path):
    terreau("import", "projects", jsonl(tmp_path / "a.jsonl", CREATED))
    batches = ImportBatch.objects.count()
    path = jsonl(
        tmp_path / "b.jsonl",
        CREATED,
        {**CREATED, "ref": "new", "name": "New"},
        {"ref": "jardin-partage", "name": "Renamed"},
    )
    result = terreau("import", "projects", path, "--dry-run")
    assert result.status == 1  # the same ref twice in one file
    path = jsonl(tmp_path / "c.jsonl", {**CREATED, "ref": "new"}, {**CREATED, "name": "Renamed"})
    result = terreau("import", "projects", path, "--dry-run")
    assert result.status == 0
    assert "Dry run, nothing written: 1 created, 1 updated, 0 unchanged" in result.out
    assert list(Project.objects.values_list("ref", "name")) == [("jardin-partage", CREATED["name"])]
    assert ImportBatch.objects.count() == batches


def test_a_real_import_is_recorded_as_a_batch(tmp_path):
    terreau("import", "projects", jsonl(tmp_path / "p.jsonl", CREATED, {"ref": "b", "name": "B"}))
    batch = ImportBatch.objects.get()
    assert (batch.kind, batch.source, batch.dry_run) == ("projects", "command", False)
    assert batch.file_name.endswith("p.jsonl")
    assert (batch.rows, batch.created, batch.updated, batch.unchanged) == (2, 2, 0, 0)
    assert batch.started_at <= batch.finished_at


def test_a_project_names_its_organisation_by_ref_or_exact_name(tmp_path):
    path = jsonl(
        tmp_path / "p.jsonl",
        {"ref": "a", "name": "A", "organisation": "Habitat Partagé"},
        {"ref": "b", "name": "B", "organisation": "habitat-partage"},
    )
    assert terreau("import", "projects", path).status == 0
    assert set(Project.objects.values_list("organisation__ref", flat=True)) == {"habitat-partage"}


def test_a_csv_file_lists_codes_with_pipes_and_counts_the_header_as_line_1(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text(
        "ref,name,domains,published,funding_need\n"
        "a,Maison des aidants,vieillissement|sante,false,12000\n"
        'b,"Café, ""solidaire""",logement|bricolage,,\n',
        encoding="utf-8",
    )
    result = terreau("import", "projects", str(path))
    assert result.errors[0] == (
        f"{path}:3: domains: unknown code “bricolage” " + result.errors[0].split("“bricolage” ")[1]
    )
    path.write_text(path.read_text().replace("bricolage", "logement"))
    assert terreau("import", "projects", str(path)).status == 0
    a, b = Project.objects.order_by("ref")
    assert sorted(a.domains.values_list("code", flat=True)) == ["sante", "vieillissement"]
    assert (a.published, a.funding_need) == (False, 12000)
    assert (b.name, b.published, b.funding_need) == ('Café, "solidaire"', True, None)


def test_a_csv_header_with_unknown_or_missing_columns_is_reported_once(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("name,domaine\nA,sante\nB,logement\n", encoding="utf-8")
    result = terreau("import", "projects", str(path))
    assert result.errors[:2] == [
        f"{path}:1: domaine: unknown column (known columns: ref, name, summary, description, "
        "domains, stage, territory, organisation, year_started, legal_form, website, "
        "beneficiaries, funding_need, published)",
        f"{path}:1: ref: this required column is missing",
    ]


def test_an_xlsx_workbook_is_imported_with_sheet_rows_as_lines(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["ref", "name", "domains", "funding_need", "published", "year_started"])
    sheet.append(["a", "Atelier vélo", "mobilite|transition-ecologique", 8000, True, 2021])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["b", "Bus solidaire", "mobilite", 2.5, False, None])
    path = tmp_path / "p.xlsx"
    workbook.save(path)
    result = terreau("import", "projects", str(path))
    assert result.errors[0] == f"{path}:4: funding_need: must be a whole number"
    sheet["D4"] = 25000
    workbook.save(path)
    assert terreau("import", "projects", str(path)).status == 0
    assert list(Project.objects.order_by("ref").values_list("funding_need", "published")) == [
        (8000, True),
        (25000, False),
    ]


def test_a_json_list_is_imported(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps([CREATED, {"ref": "b", "name": "B"}], indent=2))
    result = terreau("import", "projects", str(path))
    assert "2 created" in result.out


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "p.txt",
            b"ref,name\n",
            "file: unsupported file type “.txt”: use .jsonl, .json, .csv or .xlsx",
        ),
        ("p.jsonl", b"", "file: the file is empty: there is no record to import"),
        ("p.csv", b"\xef\xbb\xbf", "file: the file is empty: there is no record to import"),
        ("p.csv", b"ref,name\na,Soci\xe9t\xe9\n", "file: the file is not UTF-8 text (byte 0xe9"),
        ("p.xlsx", b"PK\x03\x04 not really", "file: this is not a readable Excel .xlsx workbook"),
    ],
)
def test_a_file_that_cannot_be_read_gets_one_clear_error(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    result = terreau("import", "projects", str(path))
    assert result.status == 1
    assert result.errors[0].startswith(f"{path}:")
    assert message in result.errors[0]


def test_a_file_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"ref": "a", "name": "Él"}).encode() + b"\n")
    assert terreau("import", "projects", str(path)).status == 0
    assert Project.objects.get().name == "Él"


def test_a_missing_file_or_an_unknown_kind_is_refused(tmp_path):
    assert terreau("import", "projects", str(tmp_path / "nope.jsonl")).status == 1
    path = jsonl(tmp_path / "p.jsonl", CREATED)
    result = terreau("import", "people", path)
    assert result.status == 1 and "unknown kind of record “people”" in result.err
    result = terreau("import", "funding", path)
    assert result.status == 1 and "arrive with a later version" in result.err


def test_a_failure_while_writing_rolls_everything_back(tmp_path, monkeypatch):
    from terreau.records.kinds import projects

    calls = []

    def fail_on_second_chunk(self, *, created, updated, author=None):
        calls.append(created)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return []

    monkeypatch.setattr(projects.ProjectKind, "after_save", fail_on_second_chunk)
    rows = [{"ref": f"p{i}", "name": f"P{i}"} for i in range(1500)]
    with pytest.raises(RuntimeError):
        terreau("import", "projects", jsonl(tmp_path / "p.jsonl", *rows))
    assert len(calls) == 2
    assert not Project.objects.exists()
    assert not ImportBatch.objects.exists()


def test_an_imported_project_starts_its_history_with_the_state_an_edit_would_save(tmp_path):
    from terreau.projects.services import snapshot

    other = {"ref": "b", "name": "B", "organisation": None, "domains": ["sante"]}
    terreau("import", "projects", jsonl(tmp_path / "a.jsonl", CREATED, other))
    terreau("import", "projects", jsonl(tmp_path / "b.jsonl", {**CREATED, "stage": "diffusion"}))
    assert Project.objects.get(ref="b").revisions.get().snapshot == snapshot(
        Project.objects.get(ref="b")
    )
    project = Project.objects.get(ref="jardin-partage")
    first, second = project.revisions.order_by("version")
    assert (first.version, second.version, first.summary) == (1, 2, "Imported")
    assert second.snapshot == snapshot(project)
    assert first.snapshot == {**snapshot(project), "stage": "experimentation"}


def test_imported_public_projects_are_searchable_and_drafts_are_not(tmp_path):
    from terreau.search import engine

    draft = {"ref": "brouillon", "name": "Jardin secret", "published": False}
    terreau("import", "projects", jsonl(tmp_path / "a.jsonl", CREATED, draft))
    garden = Project.objects.get(ref="jardin-partage")
    assert [pk for pk, _score in engine.ranked_ids("project", "jardin")] == [garden.pk]
    # Unpublished by a later import: it leaves the index.
    terreau("import", "projects", jsonl(tmp_path / "b.jsonl", {**CREATED, "published": False}))
    assert engine.ranked_ids("project", "jardin") == []


def test_imported_organisations_are_searchable(tmp_path):
    from terreau.organisations.models import Organisation
    from terreau.search import engine

    terreau(
        "import",
        "organisations",
        jsonl(tmp_path / "o.jsonl", {"ref": "recyclerie", "name": "Recyclerie du Rhône"}),
    )
    found = [pk for pk, _score in engine.ranked_ids("organisation", "recyclerie")]
    assert found == [Organisation.objects.get(ref="recyclerie").pk]


def test_a_row_may_leave_out_required_fields_only_to_update_a_known_record(tmp_path):
    terreau("import", "projects", jsonl(tmp_path / "a.jsonl", CREATED))
    path = jsonl(
        tmp_path / "b.jsonl",
        {"ref": "jardin-partage", "stage": "diffusion"},
        {"ref": "inconnu", "stage": "diffusion"},
    )
    result = terreau("import", "projects", path)
    assert result.errors[0] == f"{path}:2: name: this field is required to create a record"
    path = jsonl(tmp_path / "c.jsonl", {"ref": "jardin-partage", "stage": "diffusion"})
    assert "0 created, 1 updated" in terreau("import", "projects", path).out
    project = Project.objects.get()
    assert (project.name, project.stage_id) == (CREATED["name"], "diffusion")


def test_a_csv_with_some_columns_updates_only_those_fields(tmp_path):
    terreau("import", "projects", jsonl(tmp_path / "a.jsonl", CREATED))
    path = tmp_path / "stages.csv"
    path.write_text("ref;stage\njardin-partage;evaluation\n", encoding="utf-8")
    assert "0 created, 1 updated" in terreau("import", "projects", str(path)).out
    project = Project.objects.get()
    assert (project.stage_id, project.funding_need) == ("evaluation", CREATED["funding_need"])


def test_an_empty_required_field_is_an_error_even_for_an_update(tmp_path):
    terreau("import", "projects", jsonl(tmp_path / "a.jsonl", CREATED))
    path = jsonl(tmp_path / "b.jsonl", {"ref": "jardin-partage", "name": " "})
    assert (
        terreau("import", "projects", path).errors[0] == f"{path}:1: name: this field is required"
    )


def test_an_import_that_writes_invalidates_the_cached_directory_counts(tmp_path):
    from terreau.directory import cache

    before = cache.version()
    path = jsonl(tmp_path / "a.jsonl", CREATED)
    terreau("import", "projects", path)
    assert cache.version() == before + 1
    terreau("import", "projects", path)  # nothing changed: the cache stays valid
    terreau("import", "projects", path, "--dry-run")
    assert cache.version() == before + 1


def test_organisations_are_imported_with_their_actor_types_and_checked_like_projects(tmp_path):
    from terreau.organisations.models import Organisation

    path = jsonl(
        tmp_path / "o.jsonl",
        {
            "ref": "scic-alpha",
            "name": "SCIC Alpha",
            "actor_types": ["cooperative", "reseau"],
            "territory": "region:84",
            "legal_form": "scic",
        },
        {"ref": "beta", "name": "Beta", "actor_types": ["club"], "legal_form": "sarl"},
        {"ref": "nouvelle", "name": "Reserved", "website": "http//broken"},
    )
    result = terreau("import", "organisations", path)
    assert [e.split(": ", 2)[:2] for e in result.errors[:-1]] == [
        [f"{path}:2", "actor_types"],
        [f"{path}:2", "legal_form"],
        [f"{path}:3", "website"],
        [f"{path}:3", "ref"],
    ]
    assert "unknown code “club”" in result.errors[0]
    assert not Organisation.objects.filter(ref="scic-alpha").exists()
    path = jsonl(
        tmp_path / "ok.jsonl",
        {"ref": "scic-alpha", "name": "SCIC Alpha", "actor_types": "cooperative|reseau"},
    )
    assert "1 created" in terreau("import", "organisations", path).out
    alpha = Organisation.objects.get(ref="scic-alpha")
    assert sorted(alpha.actor_types.values_list("code", flat=True)) == ["cooperative", "reseau"]


def test_the_planner_statistics_are_refreshed_as_an_import_grows_the_table(tmp_path, monkeypatch):
    from terreau.records import services
    from terreau.records.kinds import projects

    monkeypatch.setattr(services, "STATISTICS_FIRST_REFRESH", 2)
    monkeypatch.setattr(services, "BATCH", 2)
    refreshed = []
    original = projects.ProjectKind.refresh_statistics

    def spy(self):
        refreshed.append(Project.objects.count())
        original(self)  # ANALYZE inside the importing transaction (PostgreSQL)

    monkeypatch.setattr(projects.ProjectKind, "refresh_statistics", spy)
    rows = [{"ref": f"p{i}", "name": f"P{i}"} for i in range(9)]
    assert "9 created" in terreau("import", "projects", jsonl(tmp_path / "p.jsonl", *rows)).out
    assert refreshed == [2, 8]
