import json

import pytest
from django.urls import reverse

from terreau.accounts.models import User
from terreau.conftest import PASSWORD
from terreau.organisations.models import Membership, Role
from terreau.projects.models import ProjectRevision

DASHBOARD = reverse("accounts:dashboard")
EXPORT = reverse("accounts:export_my_data")
DELETE = reverse("accounts:delete_account")


@pytest.fixture
def revision(published_project, teammate):
    return ProjectRevision.objects.create(
        project=published_project,
        version=1,
        author=teammate,
        summary="Première version",
        snapshot={"ref": published_project.ref, "name": published_project.name},
    )


def test_my_space_needs_a_login(client, db):
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_my_space_lists_my_organisations_and_their_projects(client, holder, draft_project):
    client.force_login(holder)
    html = client.get(DASHBOARD).content.decode()
    assert "Habitat Partagé" in html
    assert draft_project.name in html
    assert reverse("organisations:create") in html
    assert reverse("projects:create") in html


def test_my_space_warns_an_unverified_person_that_they_cannot_publish(client, outsider):
    outsider.email_verified = False
    outsider.save()
    client.force_login(outsider)
    html = client.get(DASHBOARD).content.decode()
    assert reverse("accounts:resend_verification") in html


def test_my_space_shows_nothing_of_other_organisations(client, outsider, draft_project):
    client.force_login(outsider)
    html = client.get(DASHBOARD).content.decode()
    assert draft_project.name not in html
    assert "Habitat Partagé" not in html


def test_my_data_downloads_everything_about_me_as_json(
    client, teammate, revision, django_assert_max_num_queries
):
    client.force_login(teammate)
    with django_assert_max_num_queries(8):
        response = client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["profile"]["email"] == "teammate@example.org"
    assert data["profile"]["display_name"] == "Théo Équipier"
    assert data["memberships"] == [
        {
            "organisation": "habitat-partage",
            "role": "member",
            "since": data["memberships"][0]["since"],
        }
    ]
    assert data["organisations"] == ["habitat-partage"]
    assert data["projects"] == ["maison-des-generations"]
    assert data["project_revisions"][0]["project"] == "maison-des-generations"
    assert data["project_revisions"][0]["summary"] == "Première version"
    assert "password" not in json.dumps(data)


def test_my_data_holds_nothing_of_other_people(client, outsider, revision):
    client.force_login(outsider)
    data = json.loads(client.get(EXPORT).content)
    assert data["memberships"] == []
    assert data["projects"] == []
    assert data["project_revisions"] == []


def test_my_data_needs_a_login(client, db):
    assert client.get(EXPORT).status_code == 302


def test_deleting_my_account_needs_my_password(client, teammate):
    client.force_login(teammate)
    response = client.post(DELETE, {"password": "not mine"})
    assert response.status_code == 400
    assert "password" in response.context["form"].errors
    assert User.objects.filter(pk=teammate.pk).exists()


def test_deleting_my_account_erases_it_and_keeps_my_revisions_without_me(
    client, teammate, revision, django_assert_max_num_queries
):
    client.force_login(teammate)
    with django_assert_max_num_queries(25):
        response = client.post(DELETE, {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=teammate.pk).exists()
    assert not Membership.objects.filter(user_id=teammate.pk).exists()
    revision.refresh_from_db()
    assert revision.author is None
    assert revision.snapshot["name"] == "Maison des générations"
    assert "_auth_user_id" not in client.session


def test_the_last_administrator_cannot_delete_their_account(client, holder, teammate):
    client.force_login(holder)
    response = client.post(DELETE, {"password": PASSWORD})
    assert response.status_code == 400
    message = " ".join(response.context["form"].non_field_errors())
    assert "Habitat Partagé" in message
    assert User.objects.filter(pk=holder.pk).exists()
    Membership.objects.filter(user=teammate).update(role=Role.ADMIN)
    assert client.post(DELETE, {"password": PASSWORD}).status_code == 302
    assert not User.objects.filter(pk=holder.pk).exists()


def test_deleting_takes_a_post(client, teammate):
    client.force_login(teammate)
    assert client.get(DELETE).status_code == 405
    page = client.get(reverse("accounts:my_data"))
    assert page.status_code == 200
    assert 'autocomplete="current-password"' in page.content.decode()


def test_a_moderator_can_delete_their_account_and_what_they_hid_stays_hidden(
    client, moderator, holder_organisation
):
    from terreau.organisations import services

    services.hide_organisation(
        organisation=holder_organisation, moderator=moderator, reason="Doublon"
    )
    client.force_login(moderator)
    assert client.post(DELETE, {"password": PASSWORD}).status_code == 302
    holder_organisation.refresh_from_db()
    assert holder_organisation.is_hidden
    assert holder_organisation.hidden_by is None
    assert holder_organisation.hidden_reason == "Doublon"
