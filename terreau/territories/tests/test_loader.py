"""`terreau load_territories`: the official map, loaded fast, idempotent, kept current."""

import gzip
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError

from terreau.organisations.models import Organisation
from terreau.territories.dataset import DATA_FILE, Dataset, read_dataset, rows_from
from terreau.territories.lookup import find_territories
from terreau.territories.models import DatasetVersion, Kind, PostalCode, Territory
from terreau.territories.services import load_territories


def test_the_official_map_is_loaded_whole_and_a_second_run_changes_nothing(db):
    out = StringIO()
    call_command("load_territories", stdout=out)
    assert "created" in out.getvalue()

    counts = {kind: Territory.objects.of_kind(kind).count() for kind in Kind}
    assert counts[Kind.COUNTRY] == 1
    assert counts[Kind.REGION] == 18  # 13 metropolitan + 5 overseas
    assert counts[Kind.DEPARTEMENT] == 101
    assert 1200 <= counts[Kind.EPCI] <= 1300
    assert 34_500 <= counts[Kind.COMMUNE] <= 35_500

    lyon = Territory.objects.get(code="commune:69123")
    assert lyon.name == "Lyon" and lyon.search_name == "lyon"
    assert "69001" in lyon.postal_code_list and "69009" in lyon.postal_code_list
    assert (lyon.region, lyon.departement, lyon.epci) == (
        "region:84",
        "departement:69",
        "epci:200046977",
    )
    assert lyon.population > 500_000
    assert Territory.objects.get(code="departement:69").region == "region:84"
    assert Territory.objects.get(code="departement:2A").name == "Corse-du-Sud"
    assert Territory.objects.get(code="departement:974").region == "region:04"
    assert Territory.objects.get(code="epci:200046977").departement == "departement:69"
    assert Territory.objects.get(code="commune:42218").search_name == "saint etienne"
    # Paris, Lyon and Marseille hold their arrondissements' postal codes.
    assert "75116" in Territory.objects.get(code="commune:75056").postal_code_list
    assert "13016" in Territory.objects.get(code="commune:13055").postal_code_list
    assert PostalCode.objects.filter(code="69001", territory_id="commune:69123").exists()
    france = Territory.objects.get(code="FR")
    assert france.population == sum(
        Territory.objects.of_kind(Kind.REGION).values_list("population", flat=True)
    )
    # Every commune's ancestors exist.
    for column in ("region", "departement"):
        parents = set(Territory.objects.of_kind(Kind.COMMUNE).values_list(column, flat=True))
        assert Territory.objects.filter(code__in=parents).count() == len(parents)

    assert [t.code for t in find_territories("69001")][0] == "commune:69123"
    assert [t.code for t in find_territories("St-Étienne")][0] == "commune:42218"
    assert [t.code for t in find_territories("Rhône")][0] == "departement:69"

    again = StringIO()
    call_command("load_territories", stdout=again)
    assert "up to date" in again.getvalue()
    forced = load_territories(force=True)
    assert (forced.created, forced.updated, forced.deleted) == (0, 0, 0)
    assert forced.unchanged == sum(counts.values())


PAYLOAD = {
    "regions": [["84", "Auvergne-Rhône-Alpes", 700], ["11", "Île-de-France", 300]],
    "departements": [
        ["69", "Rhône", "84", 600],
        ["38", "Isère", "84", 100],
        ["75", "Paris", "11", 300],
    ],
    "epcis": [
        ["200046977", "Métropole de Lyon", "69", 550],
        ["200040715", "Grenoble-Alpes-Métropole", "38", 90],
    ],
    "communes": [
        ["69123", "Lyon", "69", "200046977", 500, "69001 69002"],
        ["69266", "Villeurbanne", "69", "200046977", 50, "69100"],
        ["38185", "Grenoble", "38", "200040715", 90, "38000 38100"],
        ["75056", "Paris", "75", "", 300, "75001"],
    ],
}


def dataset(payload: dict, version: str) -> Dataset:
    return Dataset(version=version, rows=rows_from(payload))


def changed(payload: dict, **communes: list) -> dict:
    """The payload with some communes replaced (by INSEE code) or removed (None)."""
    copy = json.loads(json.dumps(payload))
    rows = {row[0]: row for row in copy["communes"]}
    for code, row in communes.items():
        rows[code.removeprefix("c")] = row
    copy["communes"] = [row for row in rows.values() if row is not None]
    return copy


def test_a_dataset_becomes_rows_with_their_ancestors():
    rows = {row.code: row for row in rows_from(PAYLOAD)}
    assert rows["FR"].population == 1000
    assert rows["departement:38"].region == "region:84"
    assert rows["epci:200040715"][3:5] == ("region:84", "departement:38")
    assert rows["commune:75056"].epci == ""
    assert rows["commune:69123"].postal_codes == "69001 69002"


def test_the_packaged_file_is_versioned_by_its_content():
    first, second = read_dataset(), read_dataset()
    assert first.version == second.version and len(first.version) == 64
    raw = json.loads(gzip.decompress(DATA_FILE.read_bytes()))
    assert len(first.rows) == 1 + sum(
        len(raw[k]) for k in ("regions", "departements", "epcis", "communes")
    )


def test_loading_a_new_version_creates_updates_and_deletes_only_what_changed(db):
    first = load_territories(dataset=dataset(PAYLOAD, "v1"))
    assert (first.created, first.updated, first.deleted) == (12, 0, 0)
    assert load_territories(dataset=dataset(PAYLOAD, "v1")).skipped

    renamed = changed(
        PAYLOAD, c69266=["69266", "Villeurbanne-la-Neuve", "69", "200046977", 50, "69100 69190"]
    )
    gone = changed(renamed, c75056=None)
    report = load_territories(dataset=dataset(gone, "v2"))
    assert (report.created, report.updated, report.deleted, report.kept) == (0, 1, 1, [])
    villeurbanne = Territory.objects.get(code="commune:69266")
    assert villeurbanne.search_name == "villeurbanne la neuve"
    assert set(
        PostalCode.objects.filter(territory=villeurbanne).values_list("code", flat=True)
    ) == {"69100", "69190"}
    assert not Territory.objects.filter(code="commune:75056").exists()
    assert not PostalCode.objects.filter(code="75001").exists()
    assert DatasetVersion.objects.get(name="territories").version != ""


def test_a_territory_gone_from_the_map_but_still_used_is_kept(db):
    load_territories(dataset=dataset(PAYLOAD, "v1"))
    paris = Organisation(ref="paris", name="Paris")
    paris.place(Territory.objects.get(code="commune:75056"))
    paris.save()
    report = load_territories(dataset=dataset(changed(PAYLOAD, c75056=None), "v2"))
    assert report.kept == ["commune:75056"] and report.deleted == 0
    assert Territory.objects.filter(code="commune:75056").exists()


def test_records_follow_a_commune_that_moves_to_another_epci(db):
    load_territories(dataset=dataset(PAYLOAD, "v1"))
    record = Organisation(ref="villeurbanne", name="Villeurbanne")
    record.place(Territory.objects.get(code="commune:69266"))
    record.save()
    moved = changed(PAYLOAD, c69266=["69266", "Villeurbanne", "38", "200040715", 50, "69100"])
    report = load_territories(dataset=dataset(moved, "v2"))
    assert report.relocated == 1
    record.refresh_from_db()
    assert (record.in_region, record.in_departement, record.in_epci) == (
        "region:84",
        "departement:38",
        "epci:200040715",
    )


def test_a_failed_load_leaves_the_database_as_it_was(db):
    load_territories(dataset=dataset(PAYLOAD, "v1"))
    broken = dataset(changed(PAYLOAD, c69266=None), "v2")
    newcomer = broken.rows[-1]._replace(code="commune:69999", name="Nouvelle")
    broken.rows.extend([newcomer, newcomer])  # the same code twice: the insert fails
    with pytest.raises(IntegrityError):
        load_territories(dataset=broken)
    assert not Territory.objects.filter(code="commune:69999").exists()
    assert Territory.objects.filter(code="commune:69266").exists()
    assert load_territories(dataset=dataset(PAYLOAD, "v1")).skipped
