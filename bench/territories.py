"""Territories benchmark: loading the official map, and the autocomplete's lookups.

    .venv/bin/python bench/territories.py                     # SQLite, in var/bench-territories/
    createdb -h 127.0.0.1 -U postgres terreau_bench_territories
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/terreau_bench_territories \
        .venv/bin/python bench/territories.py

1. Load: empties the territory tables and times `load_territories()` on the empty
   database (--loads times), then the second run (skipped: data version current) and a
   forced run (every row compared, nothing written).
2. Lookups: what a person types, keystroke by keystroke ("l", "ly", "lyo", "lyon"…), each
   through `find_territories()` + the context names (the API's work) and through the API
   itself with Django's test client (server time); median and p95 over --runs runs.

Options: --loads N (default 3), --runs K (default 30), --json FILE (write the figures).
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "terreau.settings")
os.environ.setdefault("TERREAU_DATA_DIR", str(ROOT / "var" / "bench-territories"))
os.environ.setdefault("TERREAU_HTTPS", "false")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOG_LEVEL", "ERROR")

TYPED = [
    "lyon",
    "69001",
    "saint etienne",
    "st-étienne",
    "rhône",
    "auvergne",
    "2a",
    "region:84",
    "marseille",
    "bo",
]


def keystrokes(words: list[str]) -> list[str]:
    """Every prefix a person types on the way to each word (from one character)."""
    return [word[:n] for word in words for n in range(1, len(word) + 1)]


def summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from terreau.territories.dataset import read_dataset
    from terreau.territories.lookup import contexts, find_territories
    from terreau.territories.models import DatasetVersion, PostalCode, Territory
    from terreau.territories.services import load_territories

    call_command("migrate", verbosity=0)
    figures: dict = {"database": connection.vendor, "load_seconds": []}
    dataset = read_dataset()
    for _ in range(args.loads):
        with connection.cursor() as cursor:
            for model in (PostalCode, DatasetVersion, Territory):
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
        started = time.perf_counter()
        report = load_territories(dataset=dataset)
        figures["load_seconds"].append(round(time.perf_counter() - started, 2))
        assert report.created == len(dataset.rows)
    started = time.perf_counter()
    assert load_territories(dataset=dataset).skipped
    figures["second_run_seconds"] = round(time.perf_counter() - started, 3)
    started = time.perf_counter()
    load_territories(dataset=dataset, force=True)
    figures["forced_run_seconds"] = round(time.perf_counter() - started, 2)
    figures["territories"] = Territory.objects.count()
    figures["postal_codes"] = PostalCode.objects.count()

    typed = keystrokes(TYPED)
    lookups, requests = [], []
    client = Client()
    for _ in range(args.runs):
        for text in typed:
            started = time.perf_counter()
            contexts(find_territories(text, limit=8))
            lookups.append(time.perf_counter() - started)
            started = time.perf_counter()
            response = client.get("/api/v1/territories", {"q": text, "limit": 8})
            requests.append(time.perf_counter() - started)
            assert response.status_code == 200
    figures["keystrokes"] = len(typed)
    figures["lookup"] = summary(lookups)
    figures["api_request"] = summary(requests)

    print(json.dumps(figures, indent=2))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
