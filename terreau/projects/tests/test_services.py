import os

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from terreau.projects import services
from terreau.projects.models import Project, ProjectRevision
from terreau.projects.tests.factories import make_project
from terreau.search import engine


@pytest.fixture
def lyon(small_map):
    return small_map["commune:69123"]


def test_a_new_project_is_a_draft_with_a_ref_made_from_its_name(holder, holder_organisation):
    project = make_project(holder, holder_organisation, name="Maison des Générations !")
    assert project.ref == "maison-des-generations"
    assert project.published is False
    assert project.version == 1


def test_two_projects_with_the_same_name_get_distinct_refs(holder, holder_organisation):
    first = make_project(holder, holder_organisation, name="Café des aidants")
    second = make_project(holder, holder_organisation, name="Café des aidants")
    third = make_project(holder, holder_organisation, name="Café des Aidants")
    assert [first.ref, second.ref, third.ref] == [
        "cafe-des-aidants",
        "cafe-des-aidants-2",
        "cafe-des-aidants-3",
    ]


@pytest.mark.parametrize(
    ("name", "ref"),
    [
        ("nouveau", "nouveau-2"),  # a path of the site, never a ref
        ("!!!", "projet"),
        ("中文项目", "projet"),
        ("x" * 200, "x" * 94),
    ],
)
def test_refs_stay_usable_whatever_the_name(holder, holder_organisation, name, ref):
    assert make_project(holder, holder_organisation, name=name).ref == ref


def test_the_ref_never_changes_when_the_project_is_renamed(holder, holder_organisation):
    project = make_project(holder, holder_organisation, name="Premier nom")
    services.update_project(project=project, author=holder, version=1, name="Second nom")
    project.refresh_from_db()
    assert (project.ref, project.name) == ("premier-nom", "Second nom")


def test_creating_places_the_project_in_its_territory_and_its_ancestors(
    holder, holder_organisation, lyon
):
    project = make_project(holder, holder_organisation, territory=lyon)
    assert (project.in_epci, project.in_departement, project.in_region) == (
        "epci:200046977",
        "departement:69",
        "region:84",
    )
    assert Project.objects.located_in(lyon).filter(pk=project.pk).exists()


def test_a_project_needs_a_name_and_an_organisation(holder, holder_organisation):
    with pytest.raises(ValidationError) as refused:
        services.create_project(author=holder, organisation=holder_organisation, name="  ")
    assert "name" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        services.create_project(author=holder, name="Sans porteur")
    assert "organisation" in refused.value.error_dict
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    "links",
    [
        [{"label": "x", "url": "javascript:alert(1)"}],
        [{"label": "x", "url": "data:text/html,<script>alert(1)</script>"}],
        [{"label": "x", "url": "ftp://example.org"}],
        [{"label": "ok", "url": "https://ok.example"}, {"label": "x", "url": "  JAVASCRIPT:x"}],
    ],
)
def test_links_other_than_web_addresses_are_refused_and_nothing_is_written(
    holder, holder_organisation, links
):
    with pytest.raises(ValidationError):
        make_project(holder, holder_organisation, links=links)
    assert not Project.objects.exists()
    assert not ProjectRevision.objects.exists()


def test_a_javascript_website_is_refused(holder, holder_organisation):
    with pytest.raises(ValidationError) as refused:
        make_project(holder, holder_organisation, website="javascript:alert(1)")
    assert "website" in refused.value.error_dict


def test_empty_link_and_team_rows_are_dropped(holder, holder_organisation):
    project = make_project(
        holder,
        holder_organisation,
        links=[{"label": " Blog ", "url": "https://blog.example"}, {"label": "", "url": ""}],
        team=[{"name": "Awa", "role": "coordinatrice"}, {"name": " ", "role": ""}],
    )
    assert project.links == [{"label": "Blog", "url": "https://blog.example"}]
    assert project.team == [{"name": "Awa", "role": "coordinatrice"}]


def test_every_write_records_a_revision_with_the_exported_record(
    holder, holder_organisation, lyon, moderator
):
    project = make_project(holder, holder_organisation, territory=lyon, domains=["logement"])
    services.update_project(project=project, author=holder, version=1, summary="Mieux dit.")
    services.publish_project(project=project, author=holder)
    services.hide_project(project=project, moderator=moderator, reason="Doublon.")
    services.unhide_project(project=project, moderator=moderator)
    services.unpublish_project(project=project, author=holder)

    revisions = list(project.revisions.order_by("version"))
    assert [r.version for r in revisions] == [1, 2, 3, 4, 5, 6]
    assert [r.author for r in revisions] == [holder, holder, holder, moderator, moderator, holder]
    first = revisions[0].snapshot
    assert first["ref"] == project.ref
    assert first["territory"] == "commune:69123"
    assert first["organisation"] == "habitat-partage"
    assert first["domains"] == ["logement"]
    assert revisions[1].snapshot["summary"] == "Mieux dit."
    assert revisions[3].snapshot["hidden"] is True
    assert revisions[3].summary == "Hidden"
    assert revisions[3].snapshot["hidden_reason"] == "Doublon."
    project.refresh_from_db()
    assert project.version == 6


def test_saving_without_any_change_adds_no_version(holder, holder_organisation):
    project = make_project(holder, holder_organisation, summary="Pareil")
    services.update_project(project=project, author=holder, version=1, summary="Pareil")
    project.refresh_from_db()
    assert project.version == 1
    assert project.revisions.count() == 1


def test_a_second_editor_on_an_old_version_gets_a_conflict_and_writes_nothing(
    holder, teammate, holder_organisation
):
    project = make_project(holder, holder_organisation, summary="Version de départ")
    # Both open the form on version 1; the teammate saves first.
    services.update_project(
        project=Project.objects.get(pk=project.pk),
        author=teammate,
        version=1,
        summary="Version de Théo",
        domains=["sante"],
    )

    with pytest.raises(services.ConflictError) as conflict:
        services.update_project(
            project=Project.objects.get(pk=project.pk),
            author=holder,
            version=1,
            summary="Version d'Hélène",
        )

    assert conflict.value.current.summary == "Version de Théo"
    assert conflict.value.current.version == 2
    assert conflict.value.changed == ["summary", "domains"]
    project.refresh_from_db()
    assert project.summary == "Version de Théo"
    assert project.revisions.count() == 2


def test_the_second_editor_can_save_once_they_have_seen_the_current_version(
    holder, teammate, holder_organisation
):
    project = make_project(holder, holder_organisation)
    services.update_project(project=project, author=teammate, version=1, summary="Théo")
    services.update_project(
        project=Project.objects.get(pk=project.pk), author=holder, version=2, summary="Hélène"
    )
    project.refresh_from_db()
    assert (project.summary, project.version) == ("Hélène", 3)


def test_publishing_needs_a_verified_email_address(holder, holder_organisation):
    project = make_project(holder, holder_organisation)
    holder.email_verified = False
    holder.save()
    with pytest.raises(ValidationError) as refused:
        services.publish_project(project=project, author=holder)
    assert refused.value.code == "email_unverified"
    project.refresh_from_db()
    assert (project.published, project.version) == (False, 1)


def test_publishing_twice_changes_nothing_the_second_time(holder, holder_organisation):
    project = make_project(holder, holder_organisation)
    services.publish_project(project=project, author=holder)
    services.publish_project(project=project, author=holder)
    assert project.revisions.count() == 2


def test_hiding_needs_a_reason(moderator, published_project):
    with pytest.raises(ValidationError) as refused:
        services.hide_project(project=published_project, moderator=moderator, reason="  \n ")
    assert "reason" in refused.value.error_dict
    published_project.refresh_from_db()
    assert published_project.hidden_at is None


def test_hiding_records_who_and_why_and_tells_the_members(
    moderator, holder, teammate, published_project, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.hide_project(
            project=published_project, moderator=moderator, reason="Coordonnées erronées."
        )
    published_project.refresh_from_db()
    assert published_project.hidden_by == moderator
    assert published_project.hidden_reason == "Coordonnées erronées."
    assert not Project.objects.published().filter(pk=published_project.pk).exists()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "holder@example.org",
        "teammate@example.org",
    ]
    assert "Coordonnées erronées." in mail.outbox[0].body


def test_no_mail_leaves_when_the_hiding_is_rolled_back(
    moderator, holder, published_project, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError),
    ):
        services.hide_project(project=published_project, moderator=moderator, reason="")
    assert callbacks == []
    assert mail.outbox == []


def test_setting_and_removing_the_image(holder, holder_organisation, image_file):
    project = make_project(holder, holder_organisation)
    services.set_project_image(project=project, author=holder, image=image_file, alt="Le jardin")
    project.refresh_from_db()
    assert project.image.name.startswith("projects/")
    assert project.image_alt == "Le jardin"
    stored = project.image.path

    services.set_project_image(project=project, author=holder, image=None)
    project.refresh_from_db()
    assert not project.image and project.image_alt == ""
    assert not os.path.exists(stored)
    assert [r.summary for r in project.revisions.order_by("version")][1:] == [
        "Image changed",
        "Image removed",
    ]


def test_only_public_projects_are_found_by_search(holder, holder_organisation, moderator):
    project = make_project(holder, holder_organisation, name="Jardin des Pentes")

    def found(words: str) -> bool:
        return project.pk in [pk for pk, _score in engine.ranked_ids("project", words)]

    assert not found("jardin")
    services.publish_project(project=project, author=holder)
    assert found("jardin")
    services.update_project(
        project=project, author=holder, version=project.version, name="Atelier vélo des Pentes"
    )
    assert not found("jardin")
    assert found("atelier velo")
    services.hide_project(project=project, moderator=moderator, reason="Test")
    assert not found("atelier velo")
