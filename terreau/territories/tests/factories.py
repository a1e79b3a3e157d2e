"""A small, real piece of the map for tests: enough to exercise containment everywhere.

Codes, names and parents are those of the official data (a test checks them against
terreau/territories/data/territories.json.gz), populations too; some postal codes
are left out.
"""

from terreau.territories.models import Kind, Territory

# code, kind, name, region, departement, epci, population, postal codes
SMALL_MAP = [
    ("FR", Kind.COUNTRY, "France", "", "", "", 68_350_798, ""),
    ("region:84", Kind.REGION, "Auvergne-Rhône-Alpes", "", "", "", 8_205_557, ""),
    ("region:11", Kind.REGION, "Île-de-France", "", "", "", 12_463_067, ""),
    ("region:53", Kind.REGION, "Bretagne", "", "", "", 3_449_370, ""),
    ("departement:69", Kind.DEPARTEMENT, "Rhône", "region:84", "", "", 1_914_667, ""),
    ("departement:38", Kind.DEPARTEMENT, "Isère", "region:84", "", "", 1_298_990, ""),
    ("departement:75", Kind.DEPARTEMENT, "Paris", "region:11", "", "", 2_103_778, ""),
    ("departement:35", Kind.DEPARTEMENT, "Ille-et-Vilaine", "region:53", "", "", 1_120_666, ""),
    (
        "epci:200046977",
        Kind.EPCI,
        "Métropole de Lyon",
        "region:84",
        "departement:69",
        "",
        1_433_613,
        "",
    ),
    (
        "epci:200040715",
        Kind.EPCI,
        "Grenoble-Alpes-Métropole",
        "region:84",
        "departement:38",
        "",
        449_509,
        "",
    ),
    (
        "epci:200054781",
        Kind.EPCI,
        "Métropole du Grand Paris",
        "region:11",
        "departement:75",
        "",
        7_115_576,
        "",
    ),
    (
        "epci:243500139",
        Kind.EPCI,
        "Rennes Métropole",
        "region:53",
        "departement:35",
        "",
        473_973,
        "",
    ),
    (
        "commune:69123",
        Kind.COMMUNE,
        "Lyon",
        "region:84",
        "departement:69",
        "epci:200046977",
        519_127,
        "69001 69002 69003 69004 69005 69006 69007 69008 69009",
    ),
    (
        "commune:69266",
        Kind.COMMUNE,
        "Villeurbanne",
        "region:84",
        "departement:69",
        "epci:200046977",
        163_684,
        "69100",
    ),
    (
        "commune:38185",
        Kind.COMMUNE,
        "Grenoble",
        "region:84",
        "departement:38",
        "epci:200040715",
        156_140,
        "38000 38100",
    ),
    (
        "commune:75056",
        Kind.COMMUNE,
        "Paris",
        "region:11",
        "departement:75",
        "epci:200054781",
        2_103_778,
        "75001 75002",
    ),
    (
        "commune:35238",
        Kind.COMMUNE,
        "Rennes",
        "region:53",
        "departement:35",
        "epci:243500139",
        230_890,
        "35000 35200 35700",
    ),
]


def load_small_map() -> dict[str, Territory]:
    from terreau.territories.services import sync_postal_codes
    from terreau.territories.text import fold

    rows = [
        Territory(
            code=code,
            kind=kind,
            name=name,
            search_name=fold(name),
            region=region,
            departement=departement,
            epci=epci,
            population=population,
            postal_codes=postal,
        )
        for code, kind, name, region, departement, epci, population, postal in SMALL_MAP
    ]
    Territory.objects.bulk_create(rows, ignore_conflicts=True)
    sync_postal_codes()
    return {t.code: t for t in Territory.objects.filter(code__in=[r[0] for r in SMALL_MAP])}
