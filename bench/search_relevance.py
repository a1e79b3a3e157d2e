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

    from terreau.search import engine, evaluation

    rng = random.Random(seed)
    vocabulary = _vocabulary(evaluation.DEV_COLLECTION / "projects.jsonl")
    documents = list(_synthetic(count, vocabulary, rng))
    size = sum(len(d.title) + len(d.summary) + len(d.body) for d in documents) / count
    print(f"{count} synthetic documents, {size:.0f} characters each on average")

    started = time.perf_counter()
    with transaction.atomic():
        engine.index_documents(documents)
    print(f"index_documents: {time.perf_counter() - started:.1f} s (commit included)")

    words = [w for w in vocabulary if len(w) > 3]
    queries = []
    for _ in range(query_count):
        summary = rng.choice(documents).summary
        picked = [w for w in re.findall(r"\w+", summary) if len(w) > 3]
        queries.append(" ".join(rng.sample(picked, 2)) if len(picked) > 1 else rng.choice(words))
    for run in (1, 2, 3):
        timings, matches = [], []
        for query in queries:
            started = time.perf_counter()
            matches.append(len(engine.ranked_ids("project", query)))
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p50 = timings[len(timings) // 2]
        p95 = timings[int(len(timings) * 0.95)]
        print(
            f"run {run}: ranked_ids over {len(queries)} 2-word queries: p50 {p50:.1f} ms, "
            f"p95 {p95:.1f} ms (median {statistics.median(matches):.0f} matches)"
        )


def _vocabulary(path: Path) -> list[str]:
    """Words of the dev collection, repeated as often as they occur (so sampling follows
    French word frequencies)."""
    import json

    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for key in ("name", "summary", "description", "beneficiaries"):
            found += re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", record.get(key, ""))
    return found


def _synthetic(count: int, vocabulary: list[str], rng: random.Random):
    from terreau.search.engine import Document

    for number in range(1, count + 1):
        yield Document(
            kind="project",
            id=number,
            title=" ".join(rng.choices(vocabulary, k=rng.randint(2, 5))).capitalize(),
            summary=" ".join(rng.choices(vocabulary, k=rng.randint(20, 35))),
            body=" ".join(rng.choices(vocabulary, k=rng.randint(100, 150))),
        )


if __name__ == "__main__":
    main()
