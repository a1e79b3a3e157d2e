import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from terreau.conftest import PASSWORD
from terreau.organisations import services
from terreau.organisations.forms import OrganisationForm
from terreau.organisations.models import Membership, Organisation, Role
from terreau.organisations.tests.images import png_upload

CREATE = reverse("organisations:create")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def url(name: str, ref: str = "habitat-partage", **kwargs) -> str:
    return reverse(f"organisations:{name}", kwargs={"ref": ref, **kwargs})


def jsonld(html: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def test_creating_an_organisation_makes_me_its_administrator(client, outsider, small_map):
    client.force_login(outsider)
    page = client.get(CREATE)
    assert page.status_code == 200
    assert 'name="actor_types"' in page.content.decode()
    response = client.post(
        CREATE,
        {
            "name": "Le Relais des Pentes",
            "actor_types": ["association", "reseau"],
            "summary": "Un réseau d'entraide.",
            "territory": "commune:69123",
            "legal_form": "association",
            "website": "relais.example.org",
            "logo": png_upload(),
        },
    )
    organisation = Organisation.objects.get(ref="le-relais-des-pentes")
    assert response.status_code == 302
    assert response["Location"] == organisation.get_absolute_url()
    assert organisation.memberships.get(user=outsider).role == Role.ADMIN
    assert organisation.website == "https://relais.example.org"
    assert organisation.legal_form_id == "association"
    assert organisation.territory_id == "commune:69123"
    assert organisation.logo.name.endswith(".png")
    assert (
        "habitat" not in organisation.logo.name
        and "logo" not in organisation.logo.name.split("/")[-1]
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "A", "summary": "x" * 301}, "summary"),
        ({"name": "A", "actor_types": ["not-a-code"]}, "actor_types"),
        ({"name": "A", "territory": "commune:00000"}, "territory"),
        ({"name": "A", "territory": "' OR 1=1 --"}, "territory"),
        ({"name": "A", "legal_form": "sarl-pirate"}, "legal_form"),
        ({"name": "A", "website": "javascript:alert(1)"}, "website"),
    ],
)
def test_bad_input_re_shows_the_form_with_a_400_and_creates_nothing(
    client, outsider, small_map, data, field
):
    client.force_login(outsider)
    response = client.post(CREATE, data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert 'class="error-summary"' in response.content.decode()
    assert not Organisation.objects.exists()


def test_a_file_that_is_not_an_image_is_refused_as_logo(client, outsider, small_map):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(outsider)
    fake = SimpleUploadedFile("logo.png", b"<script>alert(1)</script>", content_type="image/png")
    response = client.post(CREATE, {"name": "Ok", "logo": fake})
    assert response.status_code == 400
    assert "logo" in response.context["form"].errors
    assert not Organisation.objects.exists()


def test_creating_needs_a_login(client, db):
    response = client.get(CREATE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_public_page_shows_the_organisation_its_published_projects_and_json_ld(
    client, published_project, holder_organisation
):
    from terreau.projects.models import Project

    draft = Project(
        ref="projet-secret", name="Projet secret", organisation=holder_organisation, published=False
    )
    draft.save()
    holder_organisation.summary = "Des toits partagés."
    holder_organisation.save()
    response = client.get(url("detail"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Habitat Partagé" in html
    assert "Maison des générations" in html
    assert "Projet secret" not in html
    assert "Lyon" in html
    data = jsonld(html)
    assert data["@type"] == "Organization"
    assert data["name"] == "Habitat Partagé"
    assert data["identifier"] == "habitat-partage"
    assert data["url"].endswith("/organisations/habitat-partage/")
    assert data["areaServed"]["identifier"] == "commune:69123"


def test_script_and_markup_in_every_text_field_are_rendered_inert(client, holder_organisation):
    attack = '</script><script>alert("x")</script><img src=x onerror=alert(1)>'
    holder_organisation.name = f"Nom {attack}"
    holder_organisation.summary = f"Résumé {attack}"
    holder_organisation.description = f"# Titre\n\n**gras** {attack} [lien](javascript:alert(1))"
    holder_organisation.website = "https://example.org/?q=<script>"
    holder_organisation.save()
    html = Client().get(url("detail")).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html
    assert "<strong>gras</strong>" in html
    # The JSON-LD block holds the name, escaped so that it cannot close the element.
    assert jsonld(html)["name"] == f"Nom {attack}"


def test_an_unknown_organisation_is_a_404(client, db):
    assert client.get(url("detail", ref="nobody")).status_code == 404


def test_a_hidden_organisation_shows_its_members_a_notice_with_the_reason(
    client, holder, holder_organisation, moderator
):
    services.hide_organisation(
        organisation=holder_organisation, moderator=moderator, reason="Adresse fausse"
    )
    assert Client().get(url("detail")).status_code == 404
    client.force_login(holder)
    html = client.get(url("detail")).content.decode()
    assert "Adresse fausse" in html
    assert 'name="robots" content="noindex"' in html


def test_administrators_edit_the_organisation(client, holder, holder_organisation):
    client.force_login(holder)
    page = client.get(url("edit"))
    assert page.status_code == 200
    assert f'value="{holder_organisation.version}"' in page.content.decode()
    response = client.post(
        url("edit"),
        {
            "version": holder_organisation.version,
            "name": "Habitat Partagé Lyon",
            "actor_types": ["association"],
            "description": "Nous *logeons* ensemble.",
        },
    )
    assert response.status_code == 302
    holder_organisation.refresh_from_db()
    assert holder_organisation.name == "Habitat Partagé Lyon"
    assert holder_organisation.ref == "habitat-partage"
    assert "<em>logeons</em>" in client.get(url("detail")).content.decode()


def test_the_second_of_two_people_editing_is_told_and_keeps_their_input(
    holder, teammate, holder_organisation
):
    Membership.objects.filter(user=teammate).update(role=Role.ADMIN)
    first, second = Client(), Client()
    first.force_login(holder)
    second.force_login(teammate)
    version = first.get(url("edit")).context["form"]["version"].value()
    assert second.get(url("edit")).context["form"]["version"].value() == version
    first.post(url("edit"), {"version": version, "name": "Habitat Partagé", "summary": "Version A"})
    response = second.post(
        url("edit"), {"version": version, "name": "Habitat Partagé", "summary": "Version B"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    # Their own input is still in the form, the other person's saved value is shown...
    assert "Version B" in html
    assert "Version A" in html
    summary_label = OrganisationForm.base_fields["summary"].label
    assert response.context["conflict"] == [(summary_label, "Version A")]
    holder_organisation.refresh_from_db()
    assert holder_organisation.summary == "Version A"
    # ...and saving again, deliberately, now goes through.
    new_version = response.context["form"]["version"].value()
    assert int(new_version) == holder_organisation.version
    retry = second.post(
        url("edit"), {"version": new_version, "name": "Habitat Partagé", "summary": "Version B"}
    )
    assert retry.status_code == 302
    holder_organisation.refresh_from_db()
    assert holder_organisation.summary == "Version B"


@pytest.mark.parametrize("version", ["", "abc", "-1"])
def test_an_edit_without_a_valid_version_is_a_400_or_a_conflict(
    client, holder, holder_organisation, version
):
    client.force_login(holder)
    response = client.post(url("edit"), {"version": version, "name": "X"})
    assert response.status_code in {400, 409}
    holder_organisation.refresh_from_db()
    assert holder_organisation.name == "Habitat Partagé"


def test_administrators_add_members_by_email_and_change_their_role(
    client, holder, holder_organisation, outsider
):
    client.force_login(holder)
    page = client.get(url("members"))
    assert holder.email in page.content.decode()
    response = client.post(url("members"), {"email": "outsider@example.org", "role": "member"})
    assert response.status_code == 302
    membership = holder_organisation.memberships.get(user=outsider)
    response = client.post(url("change_role", membership_id=membership.pk), {"role": "admin"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.ADMIN
    response = client.post(url("remove_member", membership_id=membership.pk))
    assert response.status_code == 302
    assert not holder_organisation.memberships.filter(user=outsider).exists()


def test_adding_an_unknown_address_says_to_sign_up_first(client, holder, holder_organisation):
    client.force_login(holder)
    response = client.post(url("members"), {"email": "nobody@example.org", "role": "member"})
    assert response.status_code == 400
    assert "email" in response.context["add_form"].errors


@pytest.mark.parametrize(
    "data", [{}, {"email": "x", "role": "member"}, {"email": "a@b.org", "role": "boss"}]
)
def test_bad_member_input_is_a_400(client, holder, holder_organisation, data):
    client.force_login(holder)
    assert client.post(url("members"), data).status_code == 400


def test_the_last_administrator_is_told_they_cannot_step_down(client, holder, holder_organisation):
    client.force_login(holder)
    mine = holder_organisation.memberships.get(user=holder)
    response = client.post(url("change_role", membership_id=mine.pk), {"role": "member"})
    assert response.status_code == 409
    assert "Habitat Partagé" in response.context["error"]
    assert client.post(url("remove_member", membership_id=mine.pk)).status_code == 409
    assert client.post(url("leave")).status_code == 409
    mine.refresh_from_db()
    assert mine.role == Role.ADMIN


def test_a_bad_role_or_a_membership_of_another_organisation_is_refused(
    client, holder, holder_organisation, support_officer
):
    client.force_login(holder)
    other = Membership.objects.get(user=support_officer)
    assert (
        client.post(url("change_role", membership_id=other.pk), {"role": "admin"}).status_code
        == 404
    )
    assert client.post(url("remove_member", membership_id=other.pk)).status_code == 404
    mine = holder_organisation.memberships.get(user=holder)
    assert (
        client.post(url("change_role", membership_id=mine.pk), {"role": "boss"}).status_code == 400
    )


def test_a_member_leaves_an_organisation(client, teammate, holder_organisation):
    client.force_login(teammate)
    assert client.get(url("leave")).status_code == 200
    response = client.post(url("leave"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")
    assert not holder_organisation.memberships.filter(user=teammate).exists()


def test_a_moderator_hides_with_a_reason_then_shows_again(client, moderator, holder_organisation):
    client.force_login(moderator)
    assert client.post(url("moderate"), {"reason": "  "}).status_code == 400
    response = client.post(url("moderate"), {"reason": "Publicité déguisée"})
    assert response.status_code == 302
    holder_organisation.refresh_from_db()
    assert holder_organisation.hidden_reason == "Publicité déguisée"
    assert Client().get(url("detail")).status_code == 404
    response = client.post(url("moderate"), {"unhide": "1"})
    assert response.status_code == 302
    assert Client().get(url("detail")).status_code == 200


def test_member_changes_enforce_csrf(holder, holder_organisation, outsider):
    client = Client(enforce_csrf_checks=True)
    client.login(email=holder.email, password=PASSWORD)
    response = client.post(url("members"), {"email": outsider.email, "role": "member"})
    assert response.status_code == 403
    assert not holder_organisation.memberships.filter(user=outsider).exists()
