"""Run every benchmark in turn (SQLite by default; set DATABASE_URL for PostgreSQL).

    .venv/bin/python bench/run.py            # or: make bench
    .venv/bin/python bench/run.py directory memory

Each benchmark fills its own database the first time (100,000 projects and 20,000
organisations where size matters) and prints its figures; docs/performance.md keeps the
measured numbers and says what they mean.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ["territories", "search_relevance", "import", "directory", "memory"]


def main() -> int:
    chosen = sys.argv[1:] or ORDER
    unknown = sorted(set(chosen) - set(ORDER))
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose among {', '.join(ORDER)}")
        return 2
    failures = 0
    for name in chosen:
        print(f"\n=== bench/{name}.py", flush=True)
        failures += subprocess.run([sys.executable, str(HERE / f"{name}.py")]).returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
