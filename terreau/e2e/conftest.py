"""End-to-end harness: a real Terreau server driven by a real headless Chromium.

The server is what `make demo` serves: gunicorn over production settings (DEBUG off,
hashed static files, CSP) on plain HTTP, on a free port, with a fresh embedded database
in a temporary data directory, loaded with the territories and the demo data. E-mails go
to the server's console (as in the demo) and are read back from its log.

The browser is Debian's Chromium (never a downloaded one). axe-core is evaluated in the
page from node_modules; the pages keep their real Content-Security-Policy, and any
violation of it fails the test.
"""

import email
import email.policy
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("TERREAU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Console e-mails are separated by a line of 79 dashes.
EMAIL_SEPARATOR = re.compile(r"^-{79}$", re.M)


# No browser test may hang the suite: past this, the test fails with a traceback.
TEST_DEADLINE_SECONDS = 180


@pytest.fixture(autouse=True)
def deadline():
    def give_up(signum, frame):
        raise TimeoutError(f"an end-to-end test ran for more than {TEST_DEADLINE_SECONDS} s")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.alarm(TEST_DEADLINE_SECONDS)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    url: str
    log: Path
    env: dict = field(repr=False)
    has_demo_data: bool = False

    def emails(self) -> list[email.message.EmailMessage]:
        """Every e-mail the server printed on its console, oldest first."""
        messages = []
        for chunk in EMAIL_SEPARATOR.split(self.log.read_text(errors="replace")):
            start = chunk.find("Content-Type:")
            if start == -1 or "\nSubject:" not in chunk:
                continue
            # The console backend prints the headers from Content-Type on.
            header_start = chunk.rfind("\n", 0, start) + 1
            messages.append(
                email.message_from_string(chunk[header_start:], policy=email.policy.default)
            )
        return messages

    def last_email_to(self, address: str) -> email.message.EmailMessage:
        for message in reversed(self.emails()):
            if address in str(message["To"]):
                return message
        raise AssertionError(f"no e-mail to {address} in {self.log}")

    def links_in_last_email_to(self, address: str) -> list[str]:
        message = self.last_email_to(address)
        body = message.get_body(preferencelist=("plain",)).get_content()
        return re.findall(r"https?://[^\s<>\"]+", body)

    def manage(self, *args: str) -> str:
        """Run a `terreau` command against this server's database; returns its output."""
        result = subprocess.run(
            [sys.executable, "-m", "terreau", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode:
            raise RuntimeError(f"terreau {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
        return result.stdout


def _management_commands() -> set[str]:
    from django.core.management import get_commands

    return set(get_commands())


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[Server]:
    data_dir = tmp_path_factory.mktemp("terreau-e2e")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "EMAIL_HOST", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        TERREAU_DATA_DIR=str(data_dir),
        DEBUG="false",
        TERREAU_HTTPS="false",
        SECRET_KEY="e2e-only-secret-key-8f3c1a9d7b2e4f6a0c5d9e1b3a7f2c4e6d8b0a1c3e5f7",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL=url,
        PYTHONUNBUFFERED="1",
    )
    prepared = Server(url=url, log=data_dir / "server.log", env=env)
    commands = _management_commands()
    prepared.manage("migrate", "--no-input", "-v", "0")
    prepared.manage("load_territories")
    if "load_demo" in commands:
        prepared.manage("load_demo")
        prepared.has_demo_data = True
    prepared.manage("collectstatic", "--no-input", "-v", "0")

    with prepared.log.open("w") as log:
        # One worker: the in-process cache (throttling, facets) is then shared by every
        # request of the test, as on a single demo machine.
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "terreau.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--threads",
                "4",
                # Several servers may run on this machine: no shared control socket.
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/static/terreau/css/terreau.css", timeout=2)  # noqa: S310
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"the e2e server did not start:\n{prepared.log.read_text()}"
                    ) from None
                time.sleep(0.2)
        yield prepared
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def open_context(
    browser: Browser, server: Server, language: str = "fr", **options
) -> BrowserContext:
    """A fresh browser profile (no cookies) whose preferred language is `language`."""
    context = browser.new_context(
        base_url=server.url,
        locale="fr-FR" if language == "fr" else "en-GB",
        extra_http_headers={"Accept-Language": language},
        viewport={"width": 1280, "height": 900},
        reduced_motion="reduce",
        **options,
    )
    context.set_default_timeout(10_000)
    return context


@dataclass
class Watched:
    """A page and what went wrong in it: CSP violations, script errors, server errors."""

    page: Page
    problems: list[str] = field(default_factory=list)


def _watch(page: Page) -> Watched:
    watched = Watched(page)

    def on_console(message):
        # Failed loads are judged from the responses below (a 404 page is expected).
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            watched.problems.append(f"console: {message.text}")

    def on_response(response):
        is_page = response.request.resource_type == "document"
        if response.status >= 500 or (response.status >= 400 and not is_page):
            watched.problems.append(f"HTTP {response.status}: {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: watched.problems.append(f"script: {error}"))
    page.on("response", on_response)
    return watched


@contextmanager
def _watched_page(browser: Browser, server: Server, language: str) -> Iterator[Watched]:
    """A page in `language`; fails the test on CSP violations, script errors or server
    errors seen while it was open."""
    context = open_context(browser, server, language)
    watched = _watch(context.new_page())
    try:
        yield watched
    finally:
        context.close()
    assert not watched.problems, "\n".join(watched.problems)


@pytest.fixture
def page(browser, server) -> Iterator[Page]:
    """A page in French, the default language."""
    with _watched_page(browser, server, "fr") as watched:
        yield watched.page


@pytest.fixture(params=["fr", "en"])
def any_language_page(request, browser, server) -> Iterator[Page]:
    """The same test once in French and once in English."""
    with _watched_page(browser, server, request.param) as watched:
        yield watched.page
