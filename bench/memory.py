"""Memory of a web worker serving the directory, at full size.

    .venv/bin/python bench/directory.py      # fills var/bench-directory once (100k projects, 20k orgs)
    .venv/bin/python bench/memory.py         # then this: SQLite under var/bench-directory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/terreau_bench_directory .venv/bin/python bench/memory.py

Starts gunicorn with one sync worker on a free local port, sends a bounded mix of
directory, map and API requests (searches, facets, territory filters, deep pages), and
reads the worker's resident set size (VmRSS, and its peak VmHWM) from /proc. Target:
under 200 MB resident.
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = [
    "/projets/",
    "/projets/?q=habitat+interg%C3%A9n%C3%A9rationnel",
    "/projets/?q=personnes+agees+isolees&territory=region:84",
    "/projets/?domain=logement&domain=sante&stage=emergence",
    "/projets/?territory=departement:69&sort=name&page=20",
    "/projets/carte/",
    "/projets/carte/?level=departement&q=insertion",
    "/organisations/?q=association",
    "/api/v1/projects?q=emploi+insertion&territory=region:11&page_size=50",
    "/api/v1/projects?domain=alimentation&page=100",
    "/api/v1/organisations?actor_type=association",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def memory_of(pid: int) -> dict[str, int]:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in {"VmRSS", "VmHWM"}:
            values[key] = int(rest.split()[0]) // 1024
    return values


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20, help="passes over the request mix")
    args = parser.parse_args()

    env = {
        **os.environ,
        "TERREAU_DATA_DIR": os.environ.get(
            "TERREAU_DATA_DIR", str(ROOT / "var" / "bench-directory")
        ),
        "TERREAU_HTTPS": "false",
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run(
        [sys.executable, "-m", "terreau", "collectstatic", "--no-input", "-v", "0"],
        env=env,
        check=True,
    )
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "terreau.wsgi",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=5).read()  # noqa: S310 - local server
                break
            except OSError:
                time.sleep(0.2)
        workers = [
            int(pid)
            for pid in subprocess.run(
                ["pgrep", "-P", str(server.pid)], capture_output=True, text=True
            ).stdout.split()
        ]
        errors = 0
        started = time.perf_counter()
        for _ in range(args.rounds):
            for path in QUERIES:
                url = base + urllib.parse.quote(path, safe="/?=&%+:")
                try:
                    urllib.request.urlopen(url, timeout=30).read()  # noqa: S310 - local server
                except OSError:
                    errors += 1
        elapsed = time.perf_counter() - started
        for pid in workers:
            memory = memory_of(pid)
            print(
                f"worker {pid}: VmRSS {memory['VmRSS']} MB, peak VmHWM {memory['VmHWM']} MB "
                f"after {args.rounds * len(QUERIES)} requests in {elapsed:.1f} s, {errors} errors"
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
