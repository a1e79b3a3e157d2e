"""The packaged official map (data/territories.json.gz) read as rows of the territory table.

The file is built by scripts/build_territory_data.py; its version is the SHA-256 of its
content, so that `terreau load_territories` knows when the database is already current.
"""

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from terreau.territories.models import FRANCE, Kind

DATA_FILE = Path(__file__).resolve().parent / "data" / "territories.json.gz"


class Row(NamedTuple):
    """One territory as the loader writes it (`search_name` is derived from `name`)."""

    code: str
    kind: str
    name: str
    region: str
    departement: str
    epci: str
    population: int | None
    postal_codes: str


@dataclass(frozen=True)
class Dataset:
    version: str
    rows: list[Row]


def read_dataset(path: Path = DATA_FILE) -> Dataset:
    raw = gzip.decompress(path.read_bytes())
    return Dataset(version=hashlib.sha256(raw).hexdigest(), rows=rows_from(json.loads(raw)))


def rows_from(payload: dict) -> list[Row]:
    """France, then régions, départements, EPCI and communes with their ancestors' codes."""
    regions = payload["regions"]
    rows = [
        Row(FRANCE, Kind.COUNTRY.value, "France", "", "", "", sum(r[2] for r in regions), ""),
    ]
    rows += [
        Row(f"region:{code}", Kind.REGION.value, name, "", "", "", population, "")
        for code, name, population in regions
    ]
    region_of = {}
    for code, name, region, population in payload["departements"]:
        region_of[code] = f"region:{region}"
        rows.append(
            Row(
                f"departement:{code}",
                Kind.DEPARTEMENT.value,
                name,
                region_of[code],
                "",
                "",
                population,
                "",
            )
        )
    for siren, name, departement, population in payload["epcis"]:
        rows.append(
            Row(
                f"epci:{siren}",
                Kind.EPCI.value,
                name,
                region_of[departement],
                f"departement:{departement}",
                "",
                population,
                "",
            )
        )
    for code, name, departement, epci, population, postal_codes in payload["communes"]:
        rows.append(
            Row(
                f"commune:{code}",
                Kind.COMMUNE.value,
                name,
                region_of[departement],
                f"departement:{departement}",
                f"epci:{epci}" if epci else "",
                population,
                postal_codes,
            )
        )
    return rows
