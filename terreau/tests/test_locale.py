"""Locale smoke test: the site speaks French by default and English on request.

Needs compiled catalogues (`make compile-messages`, run by `make test`)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

UNKNOWN_PAGE = "/no-such-page/"


def heading(response) -> str:
    return re.search(r"<h1>(.*?)</h1>", response.content.decode(), re.S).group(1).strip()


def test_a_page_is_in_french_by_default(client):
    response = client.get(UNKNOWN_PAGE)
    assert '<html lang="fr">' in response.content.decode()
    assert heading(response) == "Cette page n’existe pas", "are the catalogues compiled?"


def test_a_browser_asking_for_english_gets_the_page_in_english(client):
    response = client.get(UNKNOWN_PAGE, headers={"accept-language": "en"})
    assert '<html lang="en">' in response.content.decode()
    assert heading(response) == "This page does not exist"


def test_the_language_switch_keeps_english_for_the_next_pages(client):
    answer = client.post(reverse("set_language"), {"language": "en", "next": UNKNOWN_PAGE})
    assert answer.status_code == 302
    assert answer.headers["Location"] == UNKNOWN_PAGE
    assert heading(client.get(UNKNOWN_PAGE)) == "This page does not exist"
    client.post(reverse("set_language"), {"language": "fr", "next": UNKNOWN_PAGE})
    assert heading(client.get(UNKNOWN_PAGE)) == "Cette page n’existe pas"


def test_french_typography_uses_non_breaking_spaces_before_double_punctuation(client):
    html = client.get(UNKNOWN_PAGE).content.decode()
    # "Accessibilité : partiellement conforme" in the footer.
    assert "Accessibilité\u00a0: partiellement conforme" in html
