"""Import benchmark: `terreau import projects FILE.jsonl` with 100,000 projects.

    .venv/bin/python bench/import.py                        # SQLite, under var/bench-import/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/terreau_bench_import \\
        .venv/bin/python bench/import.py

It prepares the database once (migrations, `terreau load_territories`, `terreau generate`)
and exports the generated projects to a JSON Lines file; then, for each run, it empties the
project tables, times the real command in a child process (wall clock, CPU, peak resident
memory), then times a second import of the same file (nothing to write: "0 created,
0 updated, N unchanged"). It prints median and worst of the runs.

Options: --projects N (default 100000), --organisations M (default 2000), --runs R
(default 3), --seed S (default 1).
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "terreau.settings")
os.environ.setdefault("TERREAU_DATA_DIR", str(ROOT / "var" / "bench-import"))
os.environ.setdefault("LOG_LEVEL", "WARNING")


def prepare(projects: int, organisations: int, seed: int) -> Path:
    """The database with territories and organisations, and the file to import: made
    once by `terreau generate`, then `terreau export`."""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_territories", verbosity=0)
    path = Path(os.environ["TERREAU_DATA_DIR"]) / f"projects-{projects}-{seed}.jsonl"
    generated = ["--organisations", str(organisations), "--seed", str(seed)]
    if path.exists():  # the organisations its projects name must exist
        call_command("generate", "--projects", "0", *generated)
    else:
        call_command("generate", "--projects", str(projects), *generated)
        call_command("export", "projects", "-o", str(path))
    return path


def empty_projects() -> None:
    """Drop every project, what hangs on them and their search documents, the quick way
    (this is a benchmark), so that each run imports into an empty table."""
    from django.db import connection, transaction

    from terreau.projects.models import Project, ProjectRevision
    from terreau.search import engine

    tables = [
        ProjectRevision._meta.db_table,
        Project.domains.through._meta.db_table,
        Project._meta.db_table,
    ]
    quoted = [connection.ops.quote_name(table) for table in tables]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(quoted)} CASCADE")
        else:
            for table in quoted:
                cursor.execute(f"DELETE FROM {table}")  # noqa: S608
        engine.clear("project")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def timed_import(path: Path) -> dict:
    """Run the real command in a child process: its wall time, CPU time and peak RSS."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "terreau", "import", "projects", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        sys.exit(f"import failed:\n{done.stderr[-3000:]}")
    return {
        "seconds": seconds,
        "cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        # ru_maxrss of children is the largest child so far (kilobytes on Linux).
        "rss_mb": after.ru_maxrss / 1024,
        "output": done.stdout.strip(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--organisations", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    from django.db import connection

    path = prepare(args.projects, args.organisations, args.seed)
    print(f"database: {connection.vendor}; file: {path.name} ({path.stat().st_size >> 20} MB)")
    fresh, again = [], []
    for run in range(1, args.runs + 1):
        empty_projects()
        connection.close()  # let the child have the database to itself
        fresh.append(timed_import(path))
        again.append(timed_import(path))
        print(
            f"run {run}: new {fresh[-1]['seconds']:.1f} s (CPU {fresh[-1]['cpu']:.1f} s) · "
            f"again {again[-1]['seconds']:.1f} s · {again[-1]['output']}"
        )
    for label, runs in (("import into an empty table", fresh), ("same file again", again)):
        seconds = [r["seconds"] for r in runs]
        print(
            f"{label}: median {statistics.median(seconds):.1f} s, worst {max(seconds):.1f} s "
            f"({args.projects / statistics.median(seconds):,.0f} records/s)"
        )
    print(f"peak resident memory of the import process: {max(r['rss_mb'] for r in fresh):.0f} MB")


if __name__ == "__main__":
    main()
