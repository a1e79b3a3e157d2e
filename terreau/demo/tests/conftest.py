import json
from pathlib import Path

import pytest

from terreau.demo.services import ORGANISATIONS_FILE, PROJECTS_FILE
from terreau.territories.dataset import Dataset, read_dataset
from terreau.territories.models import FRANCE
from terreau.territories.services import load_territories


def read_records(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def demo_organisations() -> list[dict]:
    return read_records(ORGANISATIONS_FILE)


@pytest.fixture(scope="session")
def demo_projects() -> list[dict]:
    return read_records(PROJECTS_FILE)


@pytest.fixture(scope="session")
def official_map() -> Dataset:
    """The packaged official map (every région, département, EPCI and commune)."""
    return read_dataset()


@pytest.fixture
def demo_map(db, official_map, demo_organisations, demo_projects):
    """The part of the official map the demo data uses: its territories, their ancestors,
    and every région (loading the whole map in each test would be slow)."""
    used = {r["territory"] for r in demo_organisations + demo_projects if r.get("territory")}
    rows = {row.code: row for row in official_map.rows}
    wanted = {FRANCE} | {code for code in rows if code.startswith("region:")}
    for code in used:
        row = rows[code]
        wanted |= {code, row.region, row.departement, row.epci} - {""}
    load_territories(
        dataset=Dataset(version="demo-test", rows=[rows[code] for code in rows if code in wanted])
    )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The demo creates accounts on every load: hash their passwords cheaply in tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
