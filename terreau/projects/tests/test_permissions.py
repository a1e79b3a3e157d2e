"""Who sees and does what on a project, for every persona, through the pages."""

import pytest
from django.urls import reverse

from terreau.conftest import PERSONAS


def url(name: str, project) -> str:
    return reverse(f"projects:{name}", kwargs={"ref": project.ref})


# The status each persona gets on each page of a DRAFT project. A login page redirect
# (302) is what an anonymous visitor gets on pages that need an account; 404 hides
# the draft from whoever may not see it.
DRAFT = {
    #                  detail edit publish hide history
    "anonymous": (404, 302, 302, 302, 302),
    "outsider": (404, 404, 404, 404, 404),
    "teammate": (200, 200, 200, 403, 200),
    "holder": (200, 200, 200, 403, 200),
    "support_officer": (404, 404, 404, 404, 404),
    "funder": (404, 404, 404, 404, 404),
    "moderator": (200, 403, 403, 200, 200),
    "platform_admin": (200, 200, 200, 200, 200),
}
PUBLISHED = {
    "anonymous": (200, 302, 302, 302, 302),
    "outsider": (200, 403, 403, 403, 403),
    "teammate": (200, 200, 200, 403, 200),
    "holder": (200, 200, 200, 403, 200),
    "support_officer": (200, 403, 403, 403, 403),
    "funder": (200, 403, 403, 403, 403),
    "moderator": (200, 403, 403, 200, 200),
    "platform_admin": (200, 200, 200, 200, 200),
}
PAGES = ("detail", "edit", "publish", "hide", "history")


@pytest.fixture
def project_in(request, published_project, moderator):
    """The project of the story, in the state named by the test's parameter."""

    def make(state: str):
        from terreau.projects import services

        if state == "draft":
            services.unpublish_project(project=published_project, author=moderator)
        elif state == "hidden":
            services.hide_project(project=published_project, moderator=moderator, reason="Spam")
        return published_project

    return make


# A hidden project is seen exactly like a draft.
EXPECTED = {"draft": DRAFT, "published": PUBLISHED, "hidden": DRAFT}


@pytest.mark.parametrize("state", ["draft", "published", "hidden"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_drafts_and_hidden_projects_are_seen_only_by_their_organisation_and_moderators(
    as_persona, project_in, persona, state
):
    project = project_in(state)
    client = as_persona(persona)
    statuses = tuple(client.get(url(page, project)).status_code for page in PAGES)
    assert statuses == EXPECTED[state][persona]


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "support_officer", "funder"])
def test_a_draft_and_an_unknown_ref_look_exactly_the_same_to_outsiders(
    as_persona, persona, draft_project
):
    client = as_persona(persona)
    draft = client.get(url("detail", draft_project))
    unknown = client.get(reverse("projects:detail", kwargs={"ref": "nothing-here"}))
    assert draft.status_code == unknown.status_code == 404
    assert draft_project.name not in draft.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_visible_to_queryset_agrees_with_the_pages(as_persona, persona, draft_project, request):
    from django.contrib.auth.models import AnonymousUser

    from terreau.projects.models import Project

    user = AnonymousUser() if persona == "anonymous" else request.getfixturevalue(persona)
    listed = Project.objects.visible_to(user).filter(pk=draft_project.pk).exists()
    assert listed == (DRAFT[persona][0] == 200)


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("outsider", False),
        ("support_officer", False),
        ("funder", False),
        ("moderator", False),
        ("teammate", True),
        ("holder", True),
        ("platform_admin", True),
    ],
)
def test_only_holders_and_administrators_can_publish_through_the_page(
    as_persona, persona, allowed, draft_project
):
    client = as_persona(persona)
    response = client.post(url("publish", draft_project), {"action": "publish"})
    draft_project.refresh_from_db()
    assert draft_project.published is allowed
    assert response.status_code == (302 if allowed else (403 if persona == "moderator" else 404))


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("outsider", False),
        ("holder", False),
        ("teammate", False),
        ("funder", False),
        ("moderator", True),
        ("platform_admin", True),
    ],
)
def test_only_moderators_can_hide_through_the_page(as_persona, persona, allowed, published_project):
    client = as_persona(persona)
    response = client.post(url("hide", published_project), {"reason": "Contenu trompeur"})
    published_project.refresh_from_db()
    assert (published_project.hidden_at is not None) is allowed
    assert response.status_code == (302 if allowed else 403)


@pytest.mark.parametrize("persona", ["outsider", "support_officer", "funder", "moderator"])
def test_nobody_outside_the_organisation_can_edit(as_persona, persona, published_project):
    from terreau.projects.tests.factories import form_data

    client = as_persona(persona)
    data = form_data(published_project.organisation, name="Piraté", version="1")
    response = client.post(url("edit", published_project), data)
    published_project.refresh_from_db()
    assert response.status_code == 403
    assert published_project.name == "Maison des générations"
