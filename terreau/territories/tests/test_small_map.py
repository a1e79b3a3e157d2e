"""The small map that every app's tests use stays true to the official data."""

import pytest

from terreau.territories.dataset import read_dataset

from .factories import SMALL_MAP

OFFICIAL = {row.code: row for row in read_dataset().rows}


@pytest.mark.parametrize("entry", SMALL_MAP, ids=[entry[0] for entry in SMALL_MAP])
def test_each_small_map_territory_has_its_official_code_name_and_parents(entry):
    code, kind, name, region, departement, epci, population, postal_codes = entry
    official = OFFICIAL[code]
    assert (official.kind, official.name, official.population) == (kind, name, population)
    assert (official.region, official.departement, official.epci) == (region, departement, epci)
    assert set(postal_codes.split()) <= set(official.postal_codes.split())
