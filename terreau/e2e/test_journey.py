"""The newcomer's journey of issue 2, in a real browser, with the keyboard where it matters:
search from the home page, narrow to a région on the map, open a project, sign up (the
verification link comes from the server's e-mail), create an organisation and a project,
publish it and find it in the directory; then the same site in English."""

import re

import pytest
from playwright.sync_api import Page, expect

from terreau.e2e.accessibility import assert_accessible, focus_is_visible, tab_to

pytestmark = pytest.mark.e2e

NEWCOMER = "camille.porteuse@example.org"
PASSWORD = "un-terreau-fertile-2026"
ORGANISATION = "Collectif Toits Partagés"
PROJECT = "Colocations solidaires Pentes-Croix-Rousse"


def press_enter_on(page: Page, selector: str) -> None:
    """Reach `selector` with Tab, check its focus shows, and activate it with Enter."""
    tab_to(page, selector)
    assert focus_is_visible(page), f"no visible focus on {selector}"
    with page.expect_navigation():
        page.keyboard.press("Enter")


def type_into(page: Page, selector: str, text: str) -> None:
    page.focus(selector)
    page.keyboard.type(text)


def choose_radio(page: Page, name: str, value: str) -> None:
    """Tab into a radio group, then move with the arrow keys to `value` (as people do)."""
    tab_to(page, f"input[name='{name}']")
    target = page.locator(f"input[name='{name}'][value='{value}']")
    for _ in range(page.locator(f"input[name='{name}']").count()):
        if target.is_checked():
            return
        page.keyboard.press("ArrowDown")
    assert target.is_checked(), f"cannot choose {value} in {name} with the arrow keys"


def submit_with_keyboard(page: Page, button: str) -> None:
    press_enter_on(page, button)


def results_count(page: Page) -> int:
    text = page.locator("[data-directory-count]").inner_text()
    return int(re.sub(r"\D", "", text) or 0)


def choose_territory(page: Page, field_id: str, text: str) -> None:
    """Type a territory; take the first suggestion when the autocomplete offers one (with
    the arrow keys), otherwise the server resolves the text on submit."""
    type_into(page, f"#{field_id}", text)
    option = page.locator("[role='option']").first
    try:
        option.wait_for(state="visible", timeout=2_000)
    except Exception:  # noqa: BLE001 - without suggestions the server resolves the text
        return
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")


def pick_first_candidate_if_asked(page: Page, button: str) -> None:
    """When the typed territory is ambiguous, the form comes back with radio buttons."""
    candidates = page.locator(".territory-candidates input[type='radio']")
    if candidates.count():
        candidates.first.focus()
        page.keyboard.press("Space")
        submit_with_keyboard(page, button)


def search_from_the_home_page(page: Page) -> None:
    page.goto("/")
    tab_to(page, "#home-q")
    assert focus_is_visible(page)
    page.keyboard.type("habitat intergénérationnel")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/projets/" in page.url
    assert results_count(page) > 0, "no project for “habitat intergénérationnel”"


def narrow_to_a_region_on_the_map(page: Page) -> str:
    press_enter_on(page, ".directory__views a")
    assert "/projets/carte/" in page.url
    areas = page.locator("a.choropleth__area")
    labels = areas.evaluate_all("nodes => nodes.map(node => node.getAttribute('aria-label'))")
    index = next(i for i, label in enumerate(labels) if re.search(r"\b[1-9]\d*\b", label))
    code = areas.nth(index).get_attribute("data-code")
    press_enter_on(page, f"a.choropleth__area[data-code='{code}']")
    assert f"territory={code.replace(':', '%3A')}" in page.url or code in page.url
    assert results_count(page) > 0
    return code


def open_the_first_project(page: Page) -> str:
    link = page.locator(".directory__list .card__title a").first
    name = link.inner_text().strip()
    press_enter_on(page, ".directory__list .card__title a")
    expect(page.locator("h1")).to_contain_text(name)
    return name


def sign_up(page: Page, server) -> None:
    press_enter_on(page, ".site-nav a[href*='inscription']")
    type_into(page, "#id_email", NEWCOMER)
    type_into(page, "#id_display_name", "Camille Porteuse")
    type_into(page, "#id_password1", PASSWORD)
    type_into(page, "#id_password2", PASSWORD)
    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    submit_with_keyboard(page, "main form button[type='submit']")
    expect(page.locator("main")).to_contain_text(NEWCOMER)

    link = next(url for url in server.links_in_last_email_to(NEWCOMER) if "/verification/" in url)
    page.goto(link)
    expect(page.locator(".messages")).to_contain_text(NEWCOMER)


def log_in(page: Page) -> None:
    if "connexion" not in page.url:
        press_enter_on(page, ".site-nav a[href*='connexion']")
    type_into(page, "#id_username", NEWCOMER)
    type_into(page, "#id_password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".site-nav")).to_contain_text("Mon espace")
    assert_accessible(page)


def create_an_organisation(page: Page) -> None:
    press_enter_on(page, "main a[href$='/organisations/nouvelle/']")
    assert_accessible(page)
    type_into(page, "#id_name", ORGANISATION)
    tab_to(page, "input[name='actor_types'][value='collectif-citoyen']")
    page.keyboard.press("Space")
    type_into(page, "#id_summary", "Des habitants qui ouvrent leurs logements à des jeunes.")
    choose_territory(page, "id_territory", "Lyon")
    button = "main form.form button[type='submit']"
    submit_with_keyboard(page, button)
    pick_first_candidate_if_asked(page, button)
    expect(page.locator("h1")).to_contain_text(ORGANISATION)


def create_and_publish_a_project(page: Page) -> str:
    page.goto("/comptes/")
    press_enter_on(page, "main a[href$='/projets/nouveau/']")
    assert_accessible(page)
    type_into(page, "#id_name", PROJECT)
    type_into(
        page,
        "#id_summary",
        "Des colocations entre étudiants et personnes âgées isolées, sur les pentes.",
    )
    tab_to(page, "input[name='domains'][value='logement']")
    page.keyboard.press("Space")
    choose_radio(page, "stage", "experimentation")
    territory = page.locator("#id_territory")
    if territory.locator("xpath=..").get_attribute("data-territory-autocomplete") is not None:
        choose_territory(page, "id_territory", "Lyon")
    else:
        type_into(page, "#id_territory", "commune:69123")
    button = "main form button[name='save']"
    submit_with_keyboard(page, button)
    pick_first_candidate_if_asked(page, button)
    expect(page.locator("h1")).to_contain_text(PROJECT)
    project_url = page.url

    press_enter_on(page, "main a[href$='/publier/']")
    submit_with_keyboard(page, "main button[value='publish']")
    expect(page.locator(".messages")).to_contain_text("publié")
    return project_url


def find_it_in_the_directory(page: Page, project_url: str) -> None:
    page.goto("/projets/")
    type_into(page, "#q", "colocations solidaires")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    card = page.locator(".directory__list .card__title a", has_text=PROJECT)
    expect(card).to_have_count(1)
    assert project_url.endswith(card.get_attribute("href"))


def test_a_newcomer_finds_projects_then_publishes_their_own_in_french(page, server):
    if not server.has_demo_data:
        pytest.skip("the demo data is not built yet")
    search_from_the_home_page(page)
    narrow_to_a_region_on_the_map(page)
    open_the_first_project(page)
    sign_up(page, server)
    log_in(page)
    create_an_organisation(page)
    project_url = create_and_publish_a_project(page)
    find_it_in_the_directory(page, project_url)


def test_the_english_switch_turns_the_directory_into_english(page):
    page.goto("/projets/?q=logement")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("h1")).to_have_text("Projets")
    press_enter_on(page, ".language-switch button")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Projects")
    # The search and its filters are kept across the switch.
    expect(page.locator("#q")).to_have_value("logement")
    assert_accessible(page)
