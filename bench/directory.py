"""Directory benchmark: the list API and the directory page at full size.

    .venv/bin/python bench/directory.py                       # SQLite, in var/bench-directory/
    createdb -h 127.0.0.1 -U postgres terreau_bench_directory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/terreau_bench_directory \
        .venv/bin/python bench/directory.py

The first run fills the database (`terreau load_territories`, then `terreau generate
--projects 100000 --organisations 20000 --seed 1`, which indexes for search too) and
analyses the tables, and collects the static files; later runs reuse it. Then, for each scenario, a fixed mix of
requests goes through Django's test client (server time: middleware, view, queries,
JSON or template) and the same requests' SQL statements are replayed alone on the database
cursor (the floor). Printed per scenario: median and p95 of both, and their ratio.

"warm" requests find their answer (count, facets, the page's ids) in the cache, as a
live site mostly does for the pages people share and come back to; "cold" ones clear the
cache first, as for a query never asked (the browse counts table, kept in the database
for the current directory version, is not cleared); "after a write" ones bump the
directory version first, so that each pays the rebuild of that table.

Options: --projects N --organisations M (default 100000 / 20000), --rounds R (default 3),
--runs K (each request K times per round, default 3), --json FILE (write the figures).
"""

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "terreau.settings")
os.environ.setdefault("TERREAU_DATA_DIR", str(ROOT / "var" / "bench-directory"))
os.environ.setdefault("TERREAU_HTTPS", "false")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOG_LEVEL", "ERROR")

# Two words people type, as the generated projects are worded (terreau/demo/synthetic.py).
SEARCHES = [
    "habitat inclusif",
    "personnes âgées",
    "épicerie solidaire",
    "insertion emploi",
    "jardin partagé",
    "aidants répit",
    "mobilité solidaire",
    "colocation étudiants",
]
FILTERS = [
    ("logement", "region:84"),
    ("vieillissement", "region:11"),
    ("alimentation", "region:53"),
    ("emploi-insertion", "region:32"),
    ("mobilite", "region:76"),
    ("cohesion-sociale", "region:44"),
    ("sante", "region:75"),
    ("petite-enfance", "region:93"),
]


WRITE = "write"  # a scenario whose requests each follow a write (a bump of the version)


def scenarios() -> dict[str, tuple[bool | str, list[str]]]:
    """name → (cache cleared before each request? or WRITE, the URLs of its mix)."""
    with_q = [
        f"q={q.replace(' ', '+')}&domain={d}&territory={r}"
        for q, (d, r) in zip(SEARCHES, FILTERS, strict=True)
    ]
    browse = [f"domain={d}&territory={r}" for d, r in FILTERS]
    return {
        "API q + domain + région (cold)": (True, [f"/api/v1/projects?{p}" for p in with_q]),
        "API q + domain + région (warm)": (False, [f"/api/v1/projects?{p}" for p in with_q]),
        "API domain + région (cold)": (True, [f"/api/v1/projects?{p}" for p in browse]),
        "API domain + région (warm)": (False, [f"/api/v1/projects?{p}" for p in browse]),
        "API domain + région (after a write)": (
            WRITE,
            [f"/api/v1/projects?{p}" for p in browse],
        ),
        "API no filter (cold)": (True, ["/api/v1/projects"]),
        "API no filter (warm)": (False, ["/api/v1/projects"]),
        "HTML q + domain + région (cold)": (True, [f"/projets/?{p}" for p in with_q]),
        "HTML domain + région (cold)": (True, [f"/projets/?{p}" for p in browse]),
        "HTML domain + région (warm)": (False, [f"/projets/?{p}" for p in browse]),
        "HTML map, départements (warm)": (
            False,
            [f"/projets/carte/?{p}&level=departement" for p in browse],
        ),
    }


def prepare(projects: int, organisations: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    from terreau.projects.models import Project
    from terreau.territories.models import Territory

    call_command("migrate", verbosity=0, interactive=False)
    if Territory.objects.count() < 30_000:
        call_command("load_territories", verbosity=0)
    if Project.objects.count() < projects:
        started = time.perf_counter()
        call_command(
            "generate", projects=projects, organisations=organisations, seed=1, verbosity=0
        )
        print(f"generated in {time.perf_counter() - started:.0f} s", flush=True)
        # What autovacuum (PostgreSQL) or `PRAGMA optimize` (SQLite) do on a live database
        # soon after a bulk load: planner statistics, and PostgreSQL's visibility map
        # (index-only scans).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    call_command("collectstatic", verbosity=0, interactive=False)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure(rounds: int, runs: int) -> dict:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from terreau.directory import cache as directory_cache

    def forget(cold: bool | str) -> None:
        """What happens before a cold request: the cache is lost, or a write happened
        (the counts table is then rebuilt by the first browse)."""
        if cold == WRITE:
            directory_cache.bump()
        elif cold:
            cache.clear()

    client = Client(headers={"accept-language": "fr"})
    figures = {}
    for name, (cold, urls) in scenarios().items():
        # The SQL of each request, replayed alone afterwards: the database's share.
        statements = {}
        for url in urls:
            if cold:
                forget(cold)
            else:
                client.get(url)  # warm up: what a warm request runs is measured
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            # Reads only: a write (the browse counts' table, once per version) is not
            # repeatable, and transaction control statements answer no rows.
            statements[url] = [
                query["sql"]
                for query in captured.captured_queries
                if query["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
                and "INSERT INTO" not in query["sql"].upper()
            ]
        served, floor = [], []
        for _round in range(rounds):
            for url in urls:
                for _run in range(runs):
                    forget(cold)
                    started = time.perf_counter()
                    client.get(url)
                    served.append((time.perf_counter() - started) * 1000)
                    started = time.perf_counter()
                    with connection.cursor() as cursor:
                        for sql in statements[url]:
                            cursor.execute(sql)
                            cursor.fetchall()
                    floor.append((time.perf_counter() - started) * 1000)
        figures[name] = {
            "median_ms": statistics.median(served),
            "p95_ms": percentile(served, 0.95),
            "db_median_ms": statistics.median(floor),
            "db_p95_ms": percentile(floor, 0.95),
            "ratio": statistics.median(served) / max(statistics.median(floor), 0.001),
            "queries": round(statistics.mean(len(s) for s in statements.values()), 1),
            "samples": len(served),
        }
        row = figures[name]
        print(
            f"{name:32} median {row['median_ms']:6.1f} ms  p95 {row['p95_ms']:6.1f} ms   "
            f"db {row['db_median_ms']:6.1f} / {row['db_p95_ms']:6.1f} ms   "
            f"×{row['ratio']:.1f}   {row['queries']} queries",
            flush=True,
        )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--organisations", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    options = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    prepare(options.projects, options.organisations)
    from terreau.projects.models import Project

    print(
        f"{connection.vendor}, {Project.objects.count()} projects, "
        f"{options.rounds} rounds × {options.runs} runs of each request",
        flush=True,
    )
    figures = measure(options.rounds, options.runs)
    resident = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of this process: {resident:.0f} MB")
    if options.json:
        options.json.write_text(
            json.dumps(
                {"vendor": connection.vendor, "scenarios": figures, "max_rss_mb": resident},
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
