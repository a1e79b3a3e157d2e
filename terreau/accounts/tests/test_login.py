import pytest
from django.test import Client
from django.urls import reverse

from terreau.conftest import PASSWORD

LOGIN = reverse("accounts:login")


def test_the_login_page_labels_its_fields_with_autocomplete_hints(client, db):
    html = client.get(LOGIN).content.decode()
    assert 'autocomplete="email"' in html
    assert 'autocomplete="current-password"' in html
    assert '<label for="id_username"' in html


def test_logging_in_by_email_opens_my_space(client, outsider):
    response = client.post(LOGIN, {"username": "outsider@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")
    assert client.get(response["Location"]).status_code == 200


def test_logging_in_follows_a_safe_next_page_only(client, outsider):
    response = client.post(
        LOGIN + "?next=/comptes/profil/", {"username": outsider.email, "password": PASSWORD}
    )
    assert response["Location"] == "/comptes/profil/"
    client.logout()
    response = client.post(
        LOGIN + "?next=https://evil.example/", {"username": outsider.email, "password": PASSWORD}
    )
    assert response["Location"] == reverse("accounts:dashboard")


def test_a_wrong_password_is_refused_with_a_clear_message(client, outsider):
    response = client.post(LOGIN, {"username": outsider.email, "password": "wrong"})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "data",
    [{}, {"username": "x" * 5000, "password": "y"}, {"username": "' OR 1=1 --", "password": "x"}],
)
def test_malformed_login_input_is_a_400(client, db, data):
    assert client.post(LOGIN, data).status_code == 400


def test_an_unverified_account_can_log_in(client, outsider):
    outsider.email_verified = False
    outsider.save()
    response = client.post(LOGIN, {"username": outsider.email, "password": PASSWORD})
    assert response.status_code == 302


def test_a_closed_account_cannot_log_in(client, outsider):
    outsider.is_active = False
    outsider.save()
    response = client.post(LOGIN, {"username": outsider.email, "password": PASSWORD})
    assert response.status_code == 400


def test_after_too_many_failures_for_an_address_even_the_right_password_is_refused(
    client, outsider, settings
):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        assert client.post(LOGIN, {"username": outsider.email, "password": "no"}).status_code == 400
    # From another client address: the e-mail address alone is enough to block.
    other = Client(REMOTE_ADDR="10.1.2.3")
    response = other.post(LOGIN, {"username": outsider.email, "password": PASSWORD})
    assert response.status_code == 429
    assert int(response["Retry-After"]) <= settings.LOGIN_LOCKOUT_SECONDS
    assert response.context["throttled"]
    assert "_auth_user_id" not in other.session


def test_after_too_many_failures_from_one_client_every_address_is_refused(
    client, outsider, settings
):
    settings.LOGIN_MAX_FAILURES = 3
    for number in range(3):
        client.post(LOGIN, {"username": f"guess{number}@example.org", "password": "no"})
    response = client.post(LOGIN, {"username": outsider.email, "password": PASSWORD})
    assert response.status_code == 429
    assert (
        Client(REMOTE_ADDR="10.9.9.9")
        .post(LOGIN, {"username": outsider.email, "password": PASSWORD})
        .status_code
        == 302
    )


def test_the_lockout_ends_when_the_window_passes(client, outsider, settings, monkeypatch):
    from terreau.accounts import throttling

    settings.LOGIN_MAX_FAILURES = 2
    now = {"t": 5_000_000.0}
    monkeypatch.setattr(throttling, "clock", lambda: now["t"])
    for _ in range(2):
        client.post(LOGIN, {"username": outsider.email, "password": "no"})
    assert client.post(LOGIN, {"username": outsider.email, "password": PASSWORD}).status_code == 429
    now["t"] += settings.LOGIN_LOCKOUT_SECONDS
    assert client.post(LOGIN, {"username": outsider.email, "password": PASSWORD}).status_code == 302


def test_a_successful_login_forgets_the_earlier_failures_of_that_address(
    client, outsider, settings
):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(2):
        Client(REMOTE_ADDR="10.0.0.1").post(LOGIN, {"username": outsider.email, "password": "x"})
    Client(REMOTE_ADDR="10.0.0.2").post(LOGIN, {"username": outsider.email, "password": PASSWORD})
    response = Client(REMOTE_ADDR="10.0.0.3").post(
        LOGIN, {"username": outsider.email, "password": "x"}
    )
    assert response.status_code == 400


def test_login_enforces_csrf(outsider):
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN, {"username": outsider.email, "password": PASSWORD})
    assert response.status_code == 403
    page = client.get(LOGIN)
    token = page.cookies["csrftoken"].value
    response = client.post(
        LOGIN,
        {"username": outsider.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302


def test_logging_out_takes_a_post(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
