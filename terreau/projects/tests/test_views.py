import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from terreau.content.images import MAX_BYTES
from terreau.projects import services
from terreau.projects.models import Project
from terreau.projects.tests.conftest import jpeg_bytes
from terreau.projects.tests.factories import form_data

CREATE = reverse("projects:create")


@pytest.fixture
def holder_client(client, holder):
    client.force_login(holder)
    return client


def page(project, name="detail") -> str:
    return reverse(f"projects:{name}", kwargs={"ref": project.ref})


def test_a_holder_creates_a_draft_then_publishes_it_for_everyone(
    holder_client, holder_organisation, client_factory
):
    response = holder_client.post(
        CREATE,
        form_data(
            holder_organisation,
            links=[{"label": "Blog", "url": "https://blog.example"}],
            team=[{"name": "Awa Diallo", "role": "Coordinatrice"}],
            funding_need="15000",
        ),
    )
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == page(project)
    assert project.organisation == holder_organisation
    assert sorted(d.pk for d in project.domains.all()) == ["alimentation", "cohesion-sociale"]
    assert project.territory_id == "commune:69123" and project.in_region == "region:84"
    assert project.links == [{"label": "Blog", "url": "https://blog.example"}]
    assert project.team == [{"name": "Awa Diallo", "role": "Coordinatrice"}]

    anonymous = client_factory()
    assert anonymous.get(page(project)).status_code == 404

    mine = holder_client.get(page(project))
    assert mine.status_code == 200
    assert "Brouillon" in mine.content.decode() or "Draft" in mine.content.decode()

    assert holder_client.post(page(project, "publish"), {"action": "publish"}).status_code == 302
    public = anonymous.get(page(project))
    assert public.status_code == 200
    assert "Awa Diallo" in public.content.decode()


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client


def test_someone_without_an_organisation_is_told_to_create_one_first(client, outsider):
    client.force_login(outsider)
    response = client.get(CREATE)
    assert response.status_code == 403
    assert b"organisation" in response.content


def test_a_project_cannot_be_created_for_someone_elses_organisation(
    holder_client, holder_organisation, funder
):
    foundation = funder.memberships.get().organisation
    response = holder_client.post(CREATE, form_data(foundation))
    assert response.status_code == 400
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": ""}, "name"),
        ({"summary": "x" * 301}, "summary"),
        ({"domains": ["not-a-domain"]}, "domains"),
        ({"stage": "' OR 1=1 --"}, "stage"),
        ({"territory": "commune:00000"}, "territory"),
        ({"territory": "x" * 5000}, "territory"),
        ({"year_started": "1492"}, "year_started"),
        ({"year_started": "3000"}, "year_started"),
        ({"year_started": "deux mille"}, "year_started"),
        ({"funding_need": "-5"}, "funding_need"),
        ({"funding_need": "9" * 40}, "funding_need"),
        ({"website": "javascript:alert(1)"}, "website"),
        ({"website": "ftp://files.example"}, "website"),
        ({"organisation": "999999"}, "organisation"),
        ({"organisation": "abc"}, "organisation"),
        ({"description": "x" * 20_001}, "description"),
    ],
)
def test_bad_input_is_answered_with_a_400_and_a_message_and_writes_nothing(
    holder_client, holder_organisation, overrides, field
):
    response = holder_client.post(CREATE, form_data(holder_organisation, **overrides))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert b"error-summary" in response.content
    assert not Project.objects.exists()


def test_the_territory_can_be_typed_by_its_name(holder_client, holder_organisation):
    response = holder_client.post(CREATE, form_data(holder_organisation, territory="Villeurbanne"))
    assert response.status_code == 302
    project = Project.objects.get()
    assert (project.territory_id, project.in_epci) == ("commune:69266", "epci:200046977")


@pytest.mark.parametrize(
    "link",
    [
        {"label": "x", "url": "javascript:alert(1)"},
        {"label": "x", "url": "data:text/html,hi"},
        {"label": "Sans adresse", "url": ""},
    ],
)
def test_a_bad_link_row_is_refused_with_a_message(holder_client, holder_organisation, link):
    response = holder_client.post(CREATE, form_data(holder_organisation, links=[link]))
    assert response.status_code == 400
    assert response.context["links"].errors[0]["url"]
    assert not Project.objects.exists()


@pytest.mark.parametrize("button", [{}, {"add_rows": ""}])
def test_a_broken_management_form_is_never_a_500(holder_client, holder_organisation, button):
    data = form_data(holder_organisation, **button)
    data["links-TOTAL_FORMS"] = "lots"
    data["team-TOTAL_FORMS"] = "100000"
    del data["team-INITIAL_FORMS"]
    response = holder_client.post(CREATE, data)
    assert response.status_code in (200, 400)
    assert response.status_code == 400 or button
    assert not Project.objects.exists()


def test_add_rows_shows_more_blank_rows_keeping_what_was_typed(holder_client, holder_organisation):
    data = form_data(
        holder_organisation, name="Mon projet en cours", links=[{"label": "A", "url": ""}]
    )
    data["add_rows"] = ""
    response = holder_client.post(CREATE, data)
    assert response.status_code == 200
    assert response.context["links"].total_form_count() == 4
    assert response.context["team"].total_form_count() == 4
    html = response.content.decode()
    assert 'value="Mon projet en cours"' in html
    assert "error-summary" not in html
    assert not Project.objects.exists()


def test_editing_saves_and_keeps_the_history(holder_client, holder, published_project):
    data = form_data(
        published_project.organisation, name="Maison des générations", version="1",
        summary="Étudiants et aînés sous le même toit.",
    )  # fmt: skip
    response = holder_client.post(page(published_project, "edit"), data)
    assert response.status_code == 302
    published_project.refresh_from_db()
    assert published_project.summary == "Étudiants et aînés sous le même toit."
    assert published_project.version == 2

    history = holder_client.get(page(published_project, "history"))
    assert history.status_code == 200
    html = history.content.decode()
    assert "Hélène Porteuse" in html
    entries = history.context["entries"]
    assert entries[0][0].version == 2
    assert len(entries[0][1]) >= 1


def test_the_edit_form_starts_from_the_current_values(holder_client, published_project):
    response = holder_client.get(page(published_project, "edit"))
    form = response.context["form"]
    assert form.initial["name"] == "Maison des générations"
    assert form.initial["version"] == 1
    assert 'name="version" value="1"' in response.content.decode()


def test_a_conflicting_edit_shows_the_persons_input_and_what_changed(
    holder_client, teammate, published_project
):
    # The teammate saved a new summary after the holder opened the form on version 1.
    services.update_project(
        project=published_project, author=teammate, version=1, summary="Résumé de Théo"
    )
    mine = form_data(
        published_project.organisation, name="Maison des générations",
        summary="Résumé d'Hélène", version="1",
    )  # fmt: skip
    response = holder_client.post(page(published_project, "edit"), mine)

    assert response.status_code == 409
    html = response.content.decode()
    assert "Résumé d&#x27;Hélène" in html  # their own input, still in the form
    assert "Résumé de Théo" in html  # what is there now
    assert "Théo Équipier" in html  # who changed it
    assert 'name="version" value="2"' in html  # saving again is now a deliberate choice
    published_project.refresh_from_db()
    assert published_project.summary == "Résumé de Théo"

    again = holder_client.post(page(published_project, "edit"), {**mine, "version": "2"})
    assert again.status_code == 302
    published_project.refresh_from_db()
    assert published_project.summary == "Résumé d'Hélène"


def test_publishing_without_a_verified_email_is_refused_with_a_message(
    holder_client, holder, draft_project
):
    holder.email_verified = False
    holder.save()
    response = holder_client.post(page(draft_project, "publish"), {"action": "publish"})
    assert response.status_code == 400
    assert response.context["error"]
    draft_project.refresh_from_db()
    assert not draft_project.published


def test_a_moderator_hides_with_a_reason_the_members_then_read(
    client, moderator, holder, published_project, client_factory
):
    client.force_login(moderator)
    refused = client.post(page(published_project, "hide"), {"reason": "   "})
    assert refused.status_code == 400
    assert len(refused.context["form"].errors["reason"]) == 1
    too_long = client.post(page(published_project, "hide"), {"reason": "x" * 2001})
    assert too_long.status_code == 400 and too_long.context["form"].errors["reason"]
    published_project.refresh_from_db()
    assert published_project.hidden_at is None

    assert (
        client.post(page(published_project, "hide"), {"reason": "Annonce commerciale"}).status_code
        == 302
    )
    assert client_factory().get(page(published_project)).status_code == 404

    member = client_factory()
    member.force_login(holder)
    html = member.get(page(published_project)).content.decode()
    assert "Annonce commerciale" in html

    assert client.post(page(published_project, "hide"), {"action": "unhide"}).status_code == 302
    assert client_factory().get(page(published_project)).status_code == 200


def test_the_public_page_describes_the_project_for_machines(client, published_project):
    response = client.get(page(published_project))
    html = response.content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(block.group(1))
    assert data["@type"] == "Project"
    assert data["name"] == "Maison des générations"
    assert data["areaServed"]["identifier"] == "commune:69123"
    assert data["parentOrganization"]["name"] == "Habitat Partagé"
    assert '<meta property="og:title" content="Maison des générations">' in html
    assert "linkedin.com/sharing" in html and "mailto:?" in html and "mastodonshare" in html
    assert 'href="/territoires/commune:69123/"' in html
    assert 'href="/organisations/habitat-partage/"' in html
    assert 'href="/projets/?domain=logement"' in html


def test_a_draft_page_is_kept_out_of_search_engines(holder_client, draft_project):
    html = holder_client.get(page(draft_project)).content.decode()
    assert 'name="robots" content="noindex"' in html
    assert "application/ld+json" not in html


def test_similar_projects_are_published_ones_sharing_domains_or_place(
    client, holder, holder_organisation, published_project, small_map
):
    def make(name, domains, territory, published=True):
        project = services.create_project(
            author=holder, organisation=holder_organisation, name=name,
            domains=domains, territory=small_map[territory],
        )  # fmt: skip
        if published:
            services.publish_project(project=project, author=holder)
        return project

    near = make("Colocation solidaire", ["logement"], "commune:69266")
    make("Brouillon voisin", ["logement"], "commune:69123", published=False)
    make("Sans rapport", ["numerique"], "commune:75056")
    response = client.get(page(published_project))
    assert [p.pk for p in response.context["similar"]] == [near.pk]


def test_an_image_upload_is_reencoded_without_its_exif(holder_client, draft_project):
    exif = Image.Exif()
    exif[0x0131] = "SecretCam 1.0"
    upload = SimpleUploadedFile("photo.jpg", jpeg_bytes(exif=exif), content_type="image/jpeg")
    data = form_data(
        draft_project.organisation, name=draft_project.name, version="1",
        image=upload, image_alt="Les habitants autour de la table",
    )  # fmt: skip
    response = holder_client.post(page(draft_project, "edit"), data)
    assert response.status_code == 302
    draft_project.refresh_from_db()
    stored = draft_project.image.read()
    assert b"SecretCam" not in stored
    assert Image.open(io.BytesIO(stored)).format == "JPEG"
    html = holder_client.get(page(draft_project)).content.decode()
    assert 'alt="Les habitants autour de la table"' in html


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.svg", SVG),
        ("photo.jpg", b"this is not a photo"),
        ("photo.jpg", SVG),
        ("big.jpg", b"\xff\xd8\xff" + b"0" * MAX_BYTES),
    ],
)
def test_a_bad_image_is_refused_with_a_message_and_nothing_changes(
    holder_client, draft_project, name, content
):
    upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
    data = form_data(
        draft_project.organisation, name="Nouveau nom", version="1", image=upload, image_alt="x"
    )
    response = holder_client.post(page(draft_project, "edit"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["image"]
    draft_project.refresh_from_db()
    assert draft_project.name == "Maison des générations" and not draft_project.image


def test_an_image_needs_a_description(holder_client, draft_project):
    upload = SimpleUploadedFile("photo.jpg", jpeg_bytes(), content_type="image/jpeg")
    data = form_data(draft_project.organisation, version="1", image=upload, image_alt="")
    response = holder_client.post(page(draft_project, "edit"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["image_alt"]


def test_the_public_page_costs_the_same_few_queries_however_many_neighbours(
    client, holder, holder_organisation, published_project, small_map, django_assert_max_num_queries
):
    for number in range(12):
        neighbour = services.create_project(
            author=holder, organisation=holder_organisation, name=f"Voisin {number}",
            domains=["logement"], territory=small_map["commune:69266"],
        )  # fmt: skip
        services.publish_project(project=neighbour, author=holder)
    with django_assert_max_num_queries(12):
        response = client.get(page(published_project))
    assert len(response.context["similar"]) == 3
