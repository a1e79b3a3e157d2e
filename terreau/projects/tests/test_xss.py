"""Whatever people type, pages show it as text: no element, attribute or script of theirs."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from terreau.projects import services
from terreau.projects.models import Project
from terreau.projects.tests.factories import form_data

PAYLOADS = [
    "<script>alert('name')</script>",
    '"><img src=x onerror=alert(1)>',
    "</script><script>alert(1)</script>",
    "'><svg onload=alert(1)>",
    "<a href='javascript:alert(1)'>x</a>",
    "{{ request.user.password }}{% debug %}",
    "<!--",
]


class Page(HTMLParser):
    """The elements a browser would build, to check none came from the payload."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[dict] = []
        self.handlers: list[tuple[str, str]] = []
        self.urls: list[str] = []
        self.tags: set[str] = set()
        self._in_data_script = False
        self.data_blocks: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.add(tag)
        if tag == "script":
            self.scripts.append(attributes)
            self._in_data_script = attributes.get("type") == "application/ld+json"
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
            if name in ("href", "src", "action", "formaction") and value:
                self.urls.append(value)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_data_script = False

    def handle_data(self, data):
        if self._in_data_script:
            self.data_blocks.append(data)


def assert_inert(html: str, payload: str) -> Page:
    page = Page()
    page.feed(html)
    assert page.handlers == []
    assert "svg" not in page.tags and "iframe" not in page.tags
    assert "x" not in page.urls  # the payload's <img src=x>
    for script in page.scripts:
        # Only our own files, or JSON-LD data blocks.
        assert script.get("src", "").startswith("/static/") or script.get("type") == (
            "application/ld+json"
        ), script
    for url in page.urls:
        assert not url.strip().lower().startswith(("javascript:", "data:", "vbscript:")), url
    for block in page.data_blocks:
        json.loads(block)
    assert "pbkdf2" not in html  # nothing typed is ever evaluated as a template
    if "<" in payload:
        assert payload not in html  # escaped wherever it appears
    return page


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_text_field_is_shown_inert_on_the_public_page(
    client, holder, holder_organisation, payload
):
    client.force_login(holder)
    data = form_data(
        holder_organisation,
        name=f"Projet {payload}",
        summary=f"Résumé {payload}",
        description=f"# Titre {payload}\n\n{payload}\n\n[lien](javascript:alert(1)) `{payload}`",
        beneficiaries=f"Publics {payload}",
        links=[{"label": f"Lien {payload}", "url": "https://ok.example/?q=<script>"}],
        team=[{"name": f"Nom {payload}", "role": f"Rôle {payload}"}],
    )
    assert client.post(reverse("projects:create"), data).status_code == 302
    project = Project.objects.get()
    services.publish_project(project=project, author=holder)

    pages = [
        project.get_absolute_url(),
        reverse("projects:edit", kwargs={"ref": project.ref}),
        reverse("projects:history", kwargs={"ref": project.ref}),
        reverse("projects:publish", kwargs={"ref": project.ref}),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), payload)

    public = client.get(project.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', public, re.S)
    assert json.loads(block.group(1))["name"] == f"Projet {payload}"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_hiding_reason_is_shown_inert_to_the_members(
    client, holder, moderator, published_project, payload
):
    services.hide_project(project=published_project, moderator=moderator, reason=payload)
    client.force_login(holder)
    html = client.get(published_project.get_absolute_url()).content.decode()
    assert_inert(html, payload)


def test_a_javascript_link_stored_by_an_import_is_never_made_clickable(client, published_project):
    # Imports write rows directly: the page still refuses anything but http(s).
    Project.objects.filter(pk=published_project.pk).update(
        links=[{"label": "piège", "url": "javascript:alert(1)"}, {"label": "ok", "url": "https://ok.example"}],
        team=[{"name": "<b>x</b>"}, "not a dict", {"role": "no name"}],
    )  # fmt: skip
    html = client.get(published_project.get_absolute_url()).content.decode()
    page = assert_inert(html, "<b>x</b>")
    assert "https://ok.example" in page.urls
    assert "piège" not in html
