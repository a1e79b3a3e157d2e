"""The territory field in a real browser: an ARIA 1.2 combobox used with the keyboard
alone, and the server's answers when JavaScript is off (territories app)."""

import pytest
from playwright.sync_api import Page, expect

from terreau.e2e.accessibility import assert_accessible
from terreau.e2e.conftest import open_context

pytestmark = pytest.mark.e2e

FIELD = "#id_territory"


def test_the_territory_field_is_a_combobox_used_with_the_keyboard(page: Page):
    page.goto("/")
    field = page.locator(FIELD)
    expect(field).to_have_attribute("role", "combobox")
    expect(field).to_have_attribute("aria-expanded", "false")
    listbox = page.locator(f"#{field.get_attribute('aria-controls')}")
    expect(listbox).to_have_attribute("role", "listbox")

    field.focus()
    page.keyboard.type("lyon")
    first = listbox.locator("[role='option']").first
    expect(first).to_be_visible()
    expect(first).to_contain_text("Lyon")
    expect(field).to_have_attribute("aria-expanded", "true")
    # The number of suggestions is announced in a live region.
    expect(page.locator(".territory-input [role='status']")).to_contain_text("territoire")

    page.keyboard.press("ArrowDown")
    expect(field).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    expect(first).to_have_attribute("aria-selected", "true")
    assert_accessible(page)  # with the listbox open

    page.keyboard.press("Enter")
    expect(field).to_have_value("Lyon")
    expect(field).to_have_attribute("aria-expanded", "false")
    expect(page.locator("input[name='territory__code']")).to_have_value("commune:69123")

    with page.expect_navigation():
        page.keyboard.press("Enter")  # the listbox closed: Enter submits the form
    assert "territory=commune%3A69123" in page.url or "territory=commune:69123" in page.url


def test_escape_closes_the_suggestions_then_clears_the_field(page: Page):
    page.goto("/")
    page.focus(FIELD)
    page.keyboard.type("69")
    expect(page.locator("[role='option']").first).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(FIELD)).to_have_attribute("aria-expanded", "false")
    expect(page.locator("[role='listbox']")).to_be_hidden()
    page.keyboard.press("Escape")
    expect(page.locator(FIELD)).to_have_value("")


def test_without_javascript_an_ambiguous_name_offers_the_candidates(browser, server):
    context = open_context(browser, server, "fr", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/")
        page.fill(FIELD, "Saint-Denis")
        with page.expect_navigation():
            page.press(FIELD, "Enter")
        candidates = page.locator(".territory-candidates input[type='radio']")
        expect(candidates.first).to_be_visible()
        assert candidates.count() >= 2
        # (axe needs JavaScript: this page is checked with it on in test_accessibility.)
        candidates.first.check()
        with page.expect_navigation():
            page.locator("form.near-you__form button[type='submit']").click()
        assert "territory=commune" in page.url
    finally:
        context.close()
