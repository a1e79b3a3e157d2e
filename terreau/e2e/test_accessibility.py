"""Zero axe-core violations (WCAG 2.x A and AA) on the key pages, in French and English,
plus what axe cannot see: keyboard reach, visible focus and reflow at 320 px."""

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from terreau.e2e.accessibility import (
    assert_accessible,
    focus_is_visible,
    has_horizontal_scroll,
    tab_to,
)
from terreau.e2e.conftest import open_context

pytestmark = pytest.mark.e2e

KEY_PAGES = {
    "home": "pages:home",
    "directory": "directory:projects",
    "map": "directory:projects_map",
    "sign-up": "accounts:signup",
    "log-in": "accounts:login",
    "organisations": "directory:organisations",
    "about": "pages:about",
    "accessibility statement": "pages:accessibility",
    "legal notice": "pages:legal",
}


def path_of(url_name: str) -> str:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        pytest.skip(f"{url_name} is not built yet")


def first_public_record_path(page, server, kind: str) -> str:
    """The public page of the first record the API lists (`kind`: projects, organisations)."""
    if not server.has_demo_data:
        pytest.skip("the demo data is not built yet")
    answer = page.request.get(f"/api/v1/{kind}?page_size=1")
    assert answer.ok, answer.text()
    results = answer.json()["results"]
    assert results, f"the demo data has no public {kind}"
    return results[0]["url"]


@pytest.mark.parametrize("name", KEY_PAGES)
def test_key_pages_have_no_axe_violations(any_language_page, name):
    page = any_language_page
    page.goto(path_of(KEY_PAGES[name]))
    assert_accessible(page)


@pytest.mark.parametrize("kind", ["projects", "organisations"])
def test_a_project_and_an_organisation_page_have_no_axe_violations(any_language_page, server, kind):
    page = any_language_page
    page.goto(first_public_record_path(page, server, kind))
    assert_accessible(page)


def test_the_not_found_page_has_no_axe_violations(any_language_page):
    page = any_language_page
    response = page.goto("/cette-page-n-existe-pas/")
    assert response.status == 404
    assert_accessible(page)


def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_every_link_and_button_of_the_header_shows_its_focus(page):
    page.goto("/")
    for selector in (".brand", ".site-nav a", ".language-switch button"):
        tab_to(page, selector)
        assert focus_is_visible(page), selector


@pytest.mark.parametrize("name", ["home", "directory", "sign-up"])
def test_key_pages_reflow_at_320_pixels_without_horizontal_scrolling(page, name):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(path_of(KEY_PAGES[name]))
    assert not has_horizontal_scroll(page)


def test_the_language_switch_works_with_the_keyboard_and_without_javascript(browser, server):
    context = open_context(browser, server, "fr", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/organisations/")
        assert page.locator("html").get_attribute("lang") == "fr"
        tab_to(page, ".language-switch button")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.url.endswith("/organisations/")
        tab_to(page, ".language-switch button")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.locator("html").get_attribute("lang") == "fr"
    finally:
        context.close()


def test_a_form_sent_with_errors_focuses_its_summary_and_stays_accessible(any_language_page):
    page = any_language_page
    page.goto(path_of("accounts:signup"))
    page.fill("#id_email", "not-an-address")
    tab_to(page, "main form button[type='submit']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(page.locator("#id_email")).to_have_attribute("aria-invalid", "true")
    # The summary's link takes the keyboard straight to the field.
    summary.locator("a[href='#id_email']").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#id_email")).to_be_focused()
    assert_accessible(page)


def test_french_content_on_an_english_page_is_marked_as_french(browser, server):
    """WCAG 3.1.2: what people wrote (in French) keeps its language on English pages."""
    context = open_context(browser, server, "en")
    page = context.new_page()
    try:
        page.goto(first_public_record_path(page, server, "projects"))
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator(".prose").first).to_have_attribute("lang", "fr")
        expect(page.locator(".page-header__lead").first).to_have_attribute("lang", "fr")
        page.goto(path_of("directory:projects"))
        summaries = page.locator(".card__summary")
        assert summaries.count() > 0
        assert summaries.evaluate_all("nodes => nodes.every(node => node.lang === 'fr')")
    finally:
        context.close()
