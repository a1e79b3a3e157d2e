from django.urls import reverse

from terreau.accounts.models import User


def test_an_operator_finds_people_by_email_in_the_admin(client, platform_admin, outsider):
    client.force_login(platform_admin)
    response = client.get(reverse("admin:accounts_user_changelist"), {"q": "outsider"})
    assert response.status_code == 200
    assert "outsider@example.org" in response.content.decode()
    assert client.get(reverse("admin:accounts_user_change", args=[outsider.pk])).status_code == 200


def test_an_operator_creates_an_account_by_email_in_the_admin(client, platform_admin):
    client.force_login(platform_admin)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "New.Person@Example.org",
            "display_name": "New Person",
            "usable_password": "true",
            "password1": "a long enough passphrase",
            "password2": "a long enough passphrase",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(email="new.person@example.org")
    assert user.check_password("a long enough passphrase")


def test_the_admin_is_closed_to_people_without_staff_status(client, moderator):
    client.force_login(moderator)
    response = client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 302
