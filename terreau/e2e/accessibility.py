"""Accessibility checks in a real browser: axe-core, keyboard reach, visible focus, reflow."""

from functools import cache
from pathlib import Path

from playwright.sync_api import Page

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@cache
def axe_source() -> str:
    # Read on first use, not at import: the suites without a browser collect this module
    # too, on machines where `npm ci` has not run.
    return AXE_PATH.read_text()


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core on the page for the WCAG 2.x A and AA rules; returns the violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, so the page's CSP stays as it is.
        page.evaluate(axe_source())
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return results.violations.map((violation) => ({
                id: violation.id,
                impact: violation.impact,
                help: violation.help,
                nodes: violation.nodes.map((node) => node.target.join(" ") + " — " + node.failureSummary),
            }));
        }""",
        WCAG_TAGS,
    )


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    report = "\n".join(
        f"[{v['impact']}] {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"][:5])
        for v in violations
    )
    assert not violations, f"axe violations on {page.url}:\n{report}"


def tab_to(page: Page, selector: str, *, max_presses: int = 80) -> None:
    """Press Tab until the element matching `selector` has the focus (keyboard only)."""
    target = page.locator(selector).first
    target.wait_for()
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{selector} cannot be reached with Tab on {page.url}")


def focus_is_visible(page: Page) -> bool:
    """Focus changes what the page looks like: the viewport with the focused element
    differs from the same viewport once it is blurred (the ring may be drawn on the element
    or around its container, e.g. a whole card). The text caret is hidden."""
    element = page.evaluate_handle("() => document.activeElement")
    if element.evaluate("node => node === document.body"):
        return False
    focused = page.screenshot(animations="disabled", caret="hide")
    element.evaluate("node => node.blur()")
    unfocused = page.screenshot(animations="disabled", caret="hide")
    # Focus again from script: after keyboard use, the browser keeps it :focus-visible.
    element.evaluate("node => node.focus()")
    return focused != unfocused


def has_horizontal_scroll(page: Page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
