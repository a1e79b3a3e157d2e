"""Guard: our templates hold nothing the Content-Security-Policy would block
(script-src 'self'; style-src 'self'): no inline script, no style attribute or block,
no on…= handler, no javascript: URL. JSON-LD data blocks are allowed (never executed)."""

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
TAG = re.compile(r"<[a-zA-Z][^>]*>")
FORBIDDEN = {
    "inline <script>": re.compile(
        r"^<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")", re.I
    ),
    "<style> block": re.compile(r"^<style[\s>]", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "on…= event handler": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


def offences(text: str) -> list[tuple[int, str]]:
    """(line, what) for every tag, possibly spread over several lines, that the policy
    would block."""
    found = []
    for tag in TAG.finditer(text):
        line = text.count("\n", 0, tag.start()) + 1
        found += [(line, name) for name, pattern in FORBIDDEN.items() if pattern.search(tag[0])]
    return found


def test_the_guard_catches_what_the_policy_blocks():
    samples = {
        "<script>alert(1)</script>": "inline <script>",
        '<p style="color: red">': "style attribute",
        "<style>p {}</style>": "<style> block",
        '<button onclick="go()">': "on…= event handler",
        '<button\n  type="button"\n  onclick="go()">': "on…= event handler",
        '<a href="javascript:void(0)">': "javascript: URL",
    }
    for sample, name in samples.items():
        assert offences(sample) == [(1, name)], sample
    allowed = (
        '<script src="/static/app.js" defer></script>\n'
        '<script type="application/ld+json">{}</script>\n'
        '<script type="application/json" id="data">{}</script>\n'
        '<p class="online">'
    )
    assert offences(allowed) == []


def test_no_template_needs_an_unsafe_inline_policy():
    found = [
        f"{path.relative_to(PACKAGE)}:{number}: {name}"
        for path in sorted(PACKAGE.glob("**/templates/**/*.html"))
        for number, name in offences(path.read_text())
    ]
    assert not found, "\n".join(found)
