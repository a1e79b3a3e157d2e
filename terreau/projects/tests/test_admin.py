import pytest
from django.urls import reverse

from terreau.directory import cache as directory_cache
from terreau.projects import services
from terreau.projects.models import Project


@pytest.fixture
def admin_client(client, platform_admin):
    client.force_login(platform_admin)
    return client


def test_the_admin_lists_projects_with_their_visibility(admin_client, draft_project):
    response = admin_client.get(reverse("admin:projects_project_changelist") + "?visibility=draft")
    assert response.status_code == 200
    assert "Maison des générations" in response.content.decode()


def test_an_operator_edit_is_versioned_placed_recorded_and_reindexed(
    admin_client, platform_admin, published_project, small_map
):
    change = reverse("admin:projects_project_change", args=[published_project.pk])
    form = admin_client.get(change).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("domains", "image")
    }
    data.update(
        name="Maison des générations (Villeurbanne)",
        territory="commune:69266",
        organisation=str(published_project.organisation_id),
        stage="experimentation",
        domains=["logement"],
        links="[]",
        team="[]",
        **{
            "revisions-TOTAL_FORMS": "0",
            "revisions-INITIAL_FORMS": "0",
            "revisions-MIN_NUM_FORMS": "0",
            "revisions-MAX_NUM_FORMS": "0",
        },
    )
    before = directory_cache.version()

    response = admin_client.post(change, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    project = Project.objects.get(pk=published_project.pk)
    assert project.in_departement == "departement:69" and project.territory_id == "commune:69266"
    assert project.version == 2
    revision = project.revisions.get()
    assert revision.author == platform_admin
    assert revision.snapshot["name"] == "Maison des générations (Villeurbanne)"
    assert directory_cache.version() > before


def test_an_operator_can_show_hidden_projects_again_in_bulk(
    admin_client, moderator, published_project
):
    services.hide_project(project=published_project, moderator=moderator, reason="Erreur")
    response = admin_client.post(
        reverse("admin:projects_project_changelist"),
        {"action": "unhide", "_selected_action": [published_project.pk]},
    )
    assert response.status_code == 302
    published_project.refresh_from_db()
    assert published_project.hidden_at is None


def test_people_without_staff_access_cannot_open_the_admin(client, holder, published_project):
    client.force_login(holder)
    response = client.get(reverse("admin:projects_project_changelist"))
    assert response.status_code == 302 and "/login/" in response["Location"]
