from django.urls import reverse

from terreau.organisations.models import Organisation


def test_an_operator_lists_searches_and_opens_organisations(
    client, platform_admin, holder_organisation, holder
):
    client.force_login(platform_admin)
    response = client.get(reverse("admin:organisations_organisation_changelist"), {"q": "habitat"})
    assert response.status_code == 200
    assert "Habitat Partagé" in response.content.decode()
    change = client.get(
        reverse("admin:organisations_organisation_change", args=[holder_organisation.pk])
    )
    assert change.status_code == 200
    assert "Hélène Porteuse" in change.content.decode()
    assert client.get(reverse("admin:organisations_membership_changelist")).status_code == 200


def test_an_admin_save_bumps_the_version_so_open_page_edits_notice_it(
    client, platform_admin, holder_organisation
):
    client.force_login(platform_admin)
    version = holder_organisation.version
    response = client.post(
        reverse("admin:organisations_organisation_change", args=[holder_organisation.pk]),
        {
            "name": "Habitat Partagé (admin)",
            "summary": "",
            "description": "",
            "territory": "commune:69266",
            "legal_form": "",
            "website": "",
            "actor_types": ["association"],
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    organisation = Organisation.objects.get(pk=holder_organisation.pk)
    assert organisation.name == "Habitat Partagé (admin)"
    assert organisation.version == version + 1
    assert organisation.in_epci == "epci:200046977"
    assert organisation.ref == "habitat-partage"


def test_an_operator_shows_hidden_organisations_again(
    client, platform_admin, holder_organisation, moderator
):
    from terreau.organisations import services

    services.hide_organisation(organisation=holder_organisation, moderator=moderator, reason="x")
    client.force_login(platform_admin)
    response = client.post(
        reverse("admin:organisations_organisation_changelist"),
        {"action": "unhide", "_selected_action": [holder_organisation.pk]},
    )
    assert response.status_code == 302
    holder_organisation.refresh_from_db()
    assert not holder_organisation.is_hidden
