"""The directory in a real browser (directory app): filters update the results without a
page reload, keep the focus and announce the count; without JavaScript the same filters
work through the form and plain links."""

import re

import pytest
from playwright.sync_api import Page, expect

from terreau.e2e.accessibility import assert_accessible, has_horizontal_scroll
from terreau.e2e.conftest import open_context

pytestmark = pytest.mark.e2e

COUNT = "[data-directory-count]"
STATUS = "[data-directory-status]"


def needs_projects(server):
    if not server.has_demo_data:
        pytest.skip("the demo data is not built yet")


def first_domain(page: Page):
    return page.locator("fieldset.facet input[name='domain']").first


def test_a_filter_updates_the_results_in_place_keeping_focus_and_announcing(page: Page, server):
    needs_projects(server)
    page.goto("/projets/")
    before = page.locator(COUNT).inner_text()
    page.evaluate("window.notReloaded = true")
    checkbox = first_domain(page)
    code = checkbox.get_attribute("value")
    checkbox.focus()
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(rf"/projets/\?domain={code}$"))
    expect(page.locator(STATUS)).not_to_be_empty()
    assert page.evaluate("window.notReloaded") is True
    after = page.locator(COUNT).inner_text()
    assert after != before
    assert page.locator(STATUS).inner_text() == " ".join(after.split())
    # The swapped checkbox is checked and still has the focus.
    expect(page.locator(f"#f-domain-{code}")).to_be_checked()
    expect(page.locator(f"#f-domain-{code}")).to_be_focused()

    page.go_back()
    expect(page).to_have_url(re.compile(r"/projets/$"))
    expect(page.locator(COUNT)).to_have_text(before)
    assert page.evaluate("window.notReloaded") is True


def test_pages_and_regions_are_followed_in_place(page: Page, server):
    needs_projects(server)
    page.goto("/projets/")
    page.evaluate("window.notReloaded = true")
    region = page.locator(".facet a[href*='territory=region']").first
    name = region.inner_text().rsplit(" ", 1)[0]  # "Bretagne 12": the name, then the count
    region.click()
    expect(page).to_have_url(re.compile(r"territory=region%3A"))
    expect(page.locator(COUNT)).to_be_focused()
    assert page.evaluate("window.notReloaded") is True
    expect(page.locator("#id_territory")).to_have_value(name)  # the field follows


def test_without_javascript_the_form_and_links_filter_too(browser, server):
    needs_projects(server)
    context = open_context(browser, server, "fr", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto("/projets/")
        checkbox = first_domain(page)
        code = checkbox.get_attribute("value")
        checkbox.check()
        with page.expect_navigation():
            page.locator(".directory__filters button[type='submit']").click()
        # The form sends every field; the server answers the short, bookmarkable URL.
        assert page.url.endswith(f"/projets/?domain={code}")
        expect(page.locator(f"#f-domain-{code}")).to_be_checked()
    finally:
        context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/projets/?domain=logement&stage=emergence",  # filters on, active filters shown
        "/projets/?q=habitat+intergenerationnel",  # a search, with its ranking
        "/projets/?q=zzzzqqqq",  # no result: the empty state
        "/projets/?domain=inconnu&page=0",  # errors (status 400)
        "/projets/carte/?level=departement",
        "/organisations/?actor_type=association",
        "/organisations/carte/",
    ],
)
def test_directory_states_have_no_axe_violations(any_language_page, server, path):
    needs_projects(server)
    page = any_language_page
    page.goto(path)
    assert_accessible(page)


def test_the_directory_reflows_at_320_pixels(page: Page, server):
    needs_projects(server)
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ["/projets/?domain=logement", "/projets/carte/"]:
        page.goto(path)
        assert not has_horizontal_scroll(page), path


def test_the_api_docs_render_offline_under_the_content_security_policy(page: Page):
    # The page fixture fails the test on any CSP violation or script error.
    page.goto("/api/v1/docs")
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/projects").first).to_be_visible()
