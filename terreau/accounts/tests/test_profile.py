import pytest
from django.urls import reverse

from terreau.accounts.models import User
from terreau.accounts.tests.mailbox import link_in

PROFILE = reverse("accounts:profile")


def test_my_profile_saves_my_display_name(client, outsider):
    client.force_login(outsider)
    response = client.post(PROFILE, {"display_name": "  Oscar P.  ", "email": outsider.email})
    assert response.status_code == 302
    outsider.refresh_from_db()
    assert outsider.display_name == "Oscar P."


def test_a_new_address_replaces_mine_only_once_verified(
    client, outsider, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(outsider)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PROFILE, {"display_name": "Oscar", "email": "Oscar.New@example.org"})
    outsider.refresh_from_db()
    assert outsider.email == "outsider@example.org"
    assert outsider.email_verified
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["oscar.new@example.org"]
    response = client.get(link_in(mailoutbox[0]))
    assert response.status_code == 302
    outsider.refresh_from_db()
    assert outsider.email == "oscar.new@example.org"
    assert outsider.email_verified
    # The same link cannot be replayed once the address changed.
    assert client.get(link_in(mailoutbox[0])).status_code == 400


def test_an_address_change_link_fails_if_someone_took_the_address_meanwhile(
    client, outsider, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(outsider)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PROFILE, {"display_name": "Oscar", "email": "free@example.org"})
    User.objects.create_user(email="free@example.org", password="x")
    response = client.get(link_in(mailoutbox[0]))
    assert response.status_code == 400
    outsider.refresh_from_db()
    assert outsider.email == "outsider@example.org"


def test_an_address_of_another_account_is_refused(client, outsider, holder, mailoutbox):
    client.force_login(outsider)
    response = client.post(PROFILE, {"display_name": "Changed", "email": "HOLDER@example.org"})
    assert response.status_code == 400
    assert "email" in response.context["form"].errors
    outsider.refresh_from_db()
    assert outsider.display_name == "Oscar Passant"  # nothing half-written
    assert mailoutbox == []


@pytest.mark.parametrize(
    "data",
    [{}, {"display_name": "", "email": "a@example.org"}, {"display_name": "A", "email": "nope"}],
)
def test_bad_profile_input_is_a_400(client, outsider, data):
    client.force_login(outsider)
    assert client.post(PROFILE, data).status_code == 400


def test_address_changes_are_throttled(client, outsider, settings):
    settings.LOGIN_MAX_FAILURES = 2
    client.force_login(outsider)
    for number in range(2):
        client.post(PROFILE, {"display_name": "O", "email": f"new{number}@example.org"})
    response = client.post(PROFILE, {"display_name": "O", "email": "new9@example.org"})
    assert response.status_code == 429


def test_the_profile_page_needs_a_login(client, db):
    assert client.get(PROFILE).status_code == 302
