"""Search relevance (nDCG@10 on a judged collection) and speed (indexing, query latency).

    .venv/bin/python bench/search_relevance.py                   # dev collection, SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/terreau \\
        .venv/bin/python bench/search_relevance.py               # the same on PostgreSQL
    .venv/bin/python bench/search_relevance.py --collection DIR  # another judged collection
    .venv/bin/python bench/search_relevance.py --scale 100000    # index time, ranked_ids p50/p95

Each run works in a fresh, throw-away database (a temporary SQLite file, or a
`bench_search_<pid>` PostgreSQL database next to DATABASE_URL's), migrated from scratch.
"""

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--collection", type=Path, help="judged collection directory")
    parser.add_argument("--scale", type=int, help="index N synthetic documents and time queries")
    parser.add_argument("--queries", type=int, default=300, help="2-word queries timed (--scale)")
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()

    scratch = tempfile.TemporaryDirectory(prefix="terreau-bench-search-")
    os.environ.setdefault("TERREAU_DATA_DIR", scratch.name)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "terreau.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    test_settings = settings.DATABASES["default"].setdefault("TEST", {})
    test_settings["NAME"] = (
        str(Path(scratch.name) / "bench.sqlite3")
        if connection.vendor == "sqlite"
        else f"bench_search_{os.getpid()}"
    )
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        print(f"database: {connection.vendor}")
        if arguments.scale:
            scale(arguments.scale, arguments.queries, arguments.seed)
        else:
            relevance(arguments.collection)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        scratch.cleanup()


def relevance(collection: Path | None) -> None:
    from terreau.search import evaluation

    collection = collection or evaluation.DEV_COLLECTION
    refs = evaluation.load_projects(collection)
    outcomes = evaluation.evaluate(evaluation.read_queries(collection), refs)
    print(f"{'qid':<5} {'nDCG@10':>7}  query (top 5)")
    for outcome in outcomes:
        judged = outcome.query
        top = " ".join(
            f"{ref.rsplit('-', 1)[-1]}:{judged.judgments.get(ref, 0)}" for ref in outcome.ranked[:5]
        )
        filters = f" {dict(judged.filters)}" if judged.filters else ""
        print(f"{judged.qid:<5} {outcome.ndcg:7.3f}  {judged.query}{filters}  [{top}]")
    mean = statistics.mean(outcome.ndcg for outcome in outcomes)
    print(f"mean nDCG@10 over {len(outcomes)} queries: {mean:.3f}")


def scale(count: int, query_count: int, seed: int) -> None:
    from django.db import transaction

    from terreau.search import engine

    rng = random.Random(seed)
    documents = list(_synthetic(count, seed))
    size = sum(len(d.title) + len(d.summary) + len(d.body) for d in documents) / count
    print(f"{count} synthetic projects (terreau generate's), {size:.0f} characters each")

    started, cpu = time.perf_counter(), time.process_time()
    with transaction.atomic():
        engine.index_documents(documents)
    print(
        f"index_documents: {time.perf_counter() - started:.1f} s "
        f"({time.process_time() - cpu:.1f} s CPU in this process; commit included)"
    )

    queries = []
    for _ in range(query_count):
        picked = re.findall(r"[^\W\d_]{4,}", rng.choice(documents).summary)
        queries.append(" ".join(rng.sample(picked, 2)))
    for run in (1, 2, 3):
        walls, cpus, matches = [], [], []
        for query in queries:
            started, cpu = time.perf_counter(), time.process_time()
            matches.append(len(engine.ranked_ids("project", query)))
            walls.append((time.perf_counter() - started) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        print(
            f"run {run}: ranked_ids, {len(queries)} 2-word queries: wall p50 {_pct(walls, 50):.1f} ms"
            f" p95 {_pct(walls, 95):.1f} ms; CPU p50 {_pct(cpus, 50):.1f} ms"
            f" p95 {_pct(cpus, 95):.1f} ms; matches p50 {_pct(matches, 50):.0f}"
            f" p95 {_pct(matches, 95):.0f}"
        )


def _pct(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, len(ordered) * percent // 100)]


def _synthetic(count: int, seed: int):
    """Documents of the synthetic projects `terreau generate` writes, built as
    documents.project_document builds them, without going through the database."""
    import json

    from terreau.demo import synthetic
    from terreau.search.documents import compose
    from terreau.territories.dataset import read_dataset

    taxonomy = json.loads(
        (
            Path(__file__).resolve().parent.parent / "terreau/vocabularies/data/taxonomy.json"
        ).read_text()
    )
    labels = {code: label for code, label, _ in taxonomy["domain"] + taxonomy["stage"]}
    rows = read_dataset().rows
    places = [
        synthetic.Place(
            row.code, row.kind, row.name, row.region, row.departement, row.population or 0
        )
        for row in rows
    ]
    names = {row.code: row.name for row in rows}
    vocabularies = synthetic.Vocabularies(
        domains=[code for code, _, _ in taxonomy["domain"]],
        stages=[code for code, _, _ in taxonomy["stage"]],
        legal_forms=[code for code, _, _ in taxonomy["legal_form"]],
        actor_types=[code for code, _, _ in taxonomy["actor_type"]],
    )
    records = synthetic.projects(count=count, seed=seed, places=places, vocabularies=vocabularies)
    for number, record in enumerate(records, 1):
        yield compose(
            "project",
            number,
            title=record["name"],
            summary=(record["summary"], record["beneficiaries"]),
            body=(
                record["description"],
                *(labels[code] for code in record["domains"]),
                labels[record["stage"]],
                names.get(record["territory"], ""),
            ),
        )


if __name__ == "__main__":
    main()
