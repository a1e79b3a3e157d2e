#!/usr/bin/env python
"""Fail when Terreau's translation catalogues lag behind the code.

Runs `makemessages` for French and English into a temporary copy of the catalogues
(the real ones are never touched), then lists:
- every msgid used in the code but missing from a catalogue (run `make messages`);
- every French or English entry left empty or marked fuzzy.
The English catalogue is complete when every msgstr is filled (equal to the English
msgid is fine). Exits 1 when anything is listed, 0 otherwise.

Usage: python scripts/check_translations.py
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "terreau" / "locale"
LANGUAGES = ("fr", "en")
IGNORED = (".venv", "node_modules", "var", "bench", "terreau/locale", "terreau/e2e")


@dataclass
class Entry:
    msgid: str
    context: str = ""
    plural: str = ""
    msgstrs: list[str] = field(default_factory=list)
    fuzzy: bool = False
    line: int = 0

    @property
    def key(self) -> tuple[str, str]:
        return (self.context, self.msgid)

    @property
    def label(self) -> str:
        return f"{self.msgid!r}" + (f" (context {self.context!r})" if self.context else "")


def read_catalogue(text: str) -> list[Entry]:
    """Parse the live (non-obsolete) entries of a .po file, header excluded."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None
    fuzzy = False

    def finish():
        nonlocal current
        if current is not None and current.msgid:
            entries.append(current)
        current = None

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            fuzzy, target = False, None
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            finish()
            fuzzy = "fuzzy" in {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            value = ast.literal_eval(line)
            if current is None or target is None:
                continue
            name, index = target
            if name == "msgstr":
                current.msgstrs[index] += value
            else:
                setattr(current, name, getattr(current, name) + value)
            continue
        value = ast.literal_eval(rest)
        if keyword in {"msgctxt", "msgid"} and (current is None or current.msgstrs):
            finish()
            current = Entry(msgid="", fuzzy=fuzzy, line=number)
            fuzzy = False
        if current is None:
            continue
        if keyword == "msgctxt":
            current.context, target = value, ("context", 0)
        elif keyword == "msgid":
            current.msgid, target = value, ("msgid", 0)
        elif keyword == "msgid_plural":
            current.plural, target = value, ("plural", 0)
        elif keyword.startswith("msgstr"):
            index = int(keyword[7:-1]) if "[" in keyword else 0
            while len(current.msgstrs) <= index:
                current.msgstrs.append("")
            current.msgstrs[index] = value
            target = ("msgstr", index)
    finish()
    return entries


def problems_in(language: str, domain: str, regenerated: str, committed: str | None) -> list[str]:
    """What is wrong with one committed catalogue, given the one regenerated from code."""
    name = f"terreau/locale/{language}/LC_MESSAGES/{domain}.po"
    if committed is None:
        return [f"{name}: missing (run `make messages`)"]
    known = {entry.key: entry for entry in read_catalogue(committed)}
    found = []
    for entry in read_catalogue(regenerated):
        existing = known.get(entry.key)
        if existing is None:
            found.append(f"{name}: not in the catalogue (run `make messages`): {entry.label}")
        elif existing.fuzzy:
            found.append(f"{name}:{existing.line}: fuzzy: {entry.label}")
        elif not existing.msgstrs or not all(existing.msgstrs):
            found.append(f"{name}:{existing.line}: untranslated: {entry.label}")
    return found


def regenerate(work: Path, domain: str) -> None:
    """makemessages into `work`/locale, from a copy of the committed catalogues."""
    settings = work / "check_translations_settings.py"
    settings.write_text(
        f"from terreau.settings import *  # noqa: F403\nLOCALE_PATHS = [{str(work / 'locale')!r}]\n"
    )
    command = [sys.executable, "-m", "django", "makemessages", "-d", domain, "--no-obsolete"]
    for language in LANGUAGES:
        command += ["-l", language]
    for ignored in IGNORED:
        command += ["--ignore", ignored]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "check_translations_settings",
        "PYTHONPATH": os.pathsep.join([str(work), str(ROOT)]),
    }
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"makemessages failed:\n{result.stdout}{result.stderr}")


def domains() -> list[str]:
    """django always; djangojs once a JavaScript catalogue exists."""
    found = ["django"]
    if any(LOCALE.glob("*/LC_MESSAGES/djangojs.po")):
        found.append("djangojs")
    return found


def main() -> int:
    found: list[str] = []
    with tempfile.TemporaryDirectory(prefix="terreau-messages-") as temporary:
        work = Path(temporary)
        if LOCALE.exists():
            shutil.copytree(LOCALE, work / "locale", ignore=shutil.ignore_patterns("*.mo"))
        for language in LANGUAGES:
            (work / "locale" / language / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
        for domain in domains():
            regenerate(work, domain)
            for language in LANGUAGES:
                relative = Path(language) / "LC_MESSAGES" / f"{domain}.po"
                regenerated = work / "locale" / relative
                if not regenerated.exists():
                    continue
                committed = LOCALE / relative
                found += problems_in(
                    language,
                    domain,
                    regenerated.read_text(),
                    committed.read_text() if committed.exists() else None,
                )
    for problem in found:
        print(problem)
    if found:
        print(f"{len(found)} translation problem(s).", file=sys.stderr)
        return 1
    print("Translation catalogues are complete (fr, en).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
