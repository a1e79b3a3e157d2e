"""The home page and the site's own pages, through the test client."""

import html
import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from terreau.conftest import PASSWORD
from terreau.projects.models import Project

PAGES = ["pages:home", "pages:about", "pages:accessibility", "pages:legal"]


@pytest.fixture(autouse=True)
def fresh_figures():
    """The home page keeps its figures in the cache: start every test without them."""
    cache.clear()
    yield
    cache.clear()


def in_language(client, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def text_of(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_each_page_renders_in_french_and_in_english(client, name, language):
    response = in_language(client, language).get(reverse(name))

    assert response.status_code == 200
    assert f'<html lang="{language}">' in text_of(response)


@pytest.mark.django_db
def test_french_is_the_default_language(client):
    response = client.get(reverse("pages:home"))

    assert '<html lang="fr">' in text_of(response)


def test_the_home_page_shows_the_domains_in_the_visitors_language(client, published_project):
    french = text_of(in_language(client, "fr").get(reverse("pages:home")))
    english = text_of(in_language(client, "en").get(reverse("pages:home")))

    assert "Logement et habitat" in french
    assert "Housing" in english and "Logement et habitat" not in english
    assert "Find social innovation projects near you" in english


def test_the_home_page_counts_only_what_the_public_may_see(client, published_project):
    draft = Project(ref="brouillon", name="Projet en brouillon", published=False)
    draft.place(published_project.territory)
    draft.save()

    response = client.get(reverse("pages:home"))

    figures = response.context["figures"]
    assert figures.projects == 1
    assert figures.organisations == 1
    assert [region.code for region in figures.regions] == ["region:84"]
    counts = {item.domain.code: item.projects for item in figures.domains}
    assert counts["logement"] == 1 and counts["vieillissement"] == 1 and counts["sante"] == 0
    assert [project.ref for project in response.context["featured"]] == [published_project.ref]
    assert "Projet en brouillon" not in text_of(response)


def test_a_featured_project_without_an_image_shows_a_calm_placeholder(client, published_project):
    page = text_of(client.get(reverse("pages:home")))

    assert published_project.name in page
    assert "pages/placeholder" in page
    assert published_project.get_absolute_url() in page


def test_the_home_page_invites_to_search_find_nearby_and_sign_up(client, small_map):
    page = text_of(client.get(reverse("pages:home")))

    assert f'action="{reverse("directory:projects")}"' in page
    assert 'name="q"' in page
    assert f'action="{reverse("pages:near_you")}"' in page
    assert 'name="territory"' in page
    assert f'href="{reverse("accounts:signup")}"' in page


def test_a_signed_in_visitor_is_invited_to_add_a_project(client, holder):
    client.login(email=holder.email, password=PASSWORD)

    page = text_of(client.get(reverse("pages:home")))

    assert f'href="{reverse("projects:create")}"' in page


def test_the_home_page_needs_few_database_queries(
    client, published_project, django_assert_max_num_queries
):
    with django_assert_max_num_queries(7):  # figures counted once
        client.get(reverse("pages:home"))
    with django_assert_max_num_queries(1):  # then only the recent projects
        response = client.get(reverse("pages:home"))
    assert response.status_code == 200


def test_every_link_of_the_home_page_leads_somewhere(client, published_project):
    page = text_of(client.get(reverse("pages:home")))
    links = {html.unescape(href) for href in re.findall(r'href="(/[^"#]*)"', page)}
    links = {link for link in links if not link.startswith(("/static/", "/media/"))}

    assert len(links) > 20
    for link in links:
        response = client.get(link)
        assert response.status_code in (200, 302), link


@pytest.mark.parametrize("text", ["Lyon", "lyon", "69001"])
def test_find_a_project_near_you_leads_to_the_directory_of_that_territory(client, small_map, text):
    response = client.get(reverse("pages:near_you"), {"territory": text})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('directory:projects')}?territory=commune%3A69123"


def test_the_territory_chosen_in_the_autocomplete_is_taken_as_it_is(client, small_map):
    response = client.get(
        reverse("pages:near_you"),
        {"territory": "Rhône", "territory__shown": "Rhône", "territory__code": "departement:69"},
    )

    assert response["Location"] == f"{reverse('directory:projects')}?territory=departement%3A69"


@pytest.mark.parametrize(
    "text", ["Atlantide", "", "' OR 1=1 --", '"*NEAR(', "x" * 5000, "<script>alert(1)</script>"]
)
def test_an_unknown_territory_comes_back_to_the_home_page_with_an_explanation(
    client, small_map, text
):
    response = client.get(reverse("pages:near_you"), {"territory": text})

    assert response.status_code == 400
    assert response.context["near_you"].errors["territory"]
    assert "<script>alert(1)</script>" not in text_of(response)


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_pages_only_answer_reading_requests(client, name):
    assert client.post(reverse(name)).status_code == 405


@pytest.mark.django_db
def test_the_legal_notice_asks_the_operator_for_its_details_until_it_gives_them(client):
    page = text_of(client.get(reverse("pages:legal")))

    assert "TERREAU_PUBLISHER" in page
    assert "TERREAU_HOSTING_PROVIDER" in page
    assert "TERREAU_CONTACT_EMAIL" in page


@pytest.mark.django_db
def test_the_legal_notice_names_the_publisher_host_and_contact_from_the_settings(client, settings):
    settings.TERREAU_PUBLISHER = "Association Terreau Exemple"
    settings.TERREAU_PUBLICATION_DIRECTOR = "La présidence de l'association"
    settings.TERREAU_HOSTING_PROVIDER = "Hébergeur Coopératif"
    settings.TERREAU_CONTACT_EMAIL = "contact@example.org"

    page = html.unescape(text_of(client.get(reverse("pages:legal"))))

    assert "Association Terreau Exemple" in page
    assert "Hébergeur Coopératif" in page
    assert 'href="mailto:contact@example.org"' in page
    assert "TERREAU_PUBLISHER" not in page
    accessibility = html.unescape(text_of(client.get(reverse("pages:accessibility"))))
    assert "Association Terreau Exemple" in accessibility
    assert "mailto:contact@example.org" in accessibility


@pytest.mark.django_db
def test_the_privacy_notice_links_to_the_export_and_the_deletion_of_personal_data(client):
    page = text_of(client.get(reverse("pages:legal")))

    assert f'href="{reverse("accounts:export_my_data")}"' in page
    assert f'href="{reverse("accounts:delete_account")}"' in page
    assert f'href="{reverse("accounts:profile")}"' in page


def test_the_cookie_list_names_every_cookie_the_site_sets(client, holder):
    client.get(reverse("accounts:signup"))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.login(email=holder.email, password=PASSWORD)
    assert len(client.cookies) >= 3

    page = text_of(client.get(reverse("pages:legal")))

    for name in client.cookies:
        assert f"<code>{name}</code>" in page, name


@pytest.mark.django_db
def test_the_accessibility_statement_is_honest_and_says_how_to_appeal(client):
    page = text_of(in_language(client, "en").get(reverse("pages:accessibility")))

    assert "partially compliant" in page
    assert "axe-core" in page and "keyboard" in page
    assert "Défenseur des droits" in page
    assert "https://formulaire.defenseurdesdroits.fr/" in page


@pytest.mark.django_db
def test_the_about_page_explains_the_four_stages_with_links_to_their_projects(client):
    page = text_of(client.get(reverse("pages:about")))

    for stage in ("emergence", "experimentation", "diffusion", "evaluation"):
        assert f'href="{reverse("directory:projects")}?stage={stage}"' in page
    assert f"{reverse('directory:organisations')}?actor_type=accompagnateur" in page
