import pytest
from django.urls import reverse

from terreau.accounts.tests.mailbox import link_in
from terreau.conftest import PASSWORD

RESET = reverse("accounts:password_reset")
NEW_PASSWORD = "une nouvelle phrase de passe"


def test_asking_for_a_reset_mails_a_link_that_sets_a_new_password(client, outsider, mailoutbox):
    response = client.post(RESET, {"email": "Outsider@Example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mailoutbox) == 1
    link = link_in(mailoutbox[0])
    assert link.startswith("/comptes/mot-de-passe/nouveau/")
    # Django swaps the token for a session marker, then shows the form.
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")
    outsider.refresh_from_db()
    assert outsider.check_password(NEW_PASSWORD)
    # The link served once.
    assert not client.get(link, follow=True).context["validlink"]


def test_a_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, db, mailoutbox):
    response = client.post(RESET, {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mailoutbox == []


def test_a_garbled_reset_link_says_it_is_not_valid(client, outsider):
    response = client.get(
        reverse("accounts:password_reset_confirm", kwargs={"uidb64": "zzz", "token": "abc-def"})
    )
    assert response.status_code == 200
    assert not response.context["validlink"]


@pytest.mark.parametrize("email", ["", "not-an-address", "x" * 300 + "@example.org"])
def test_a_malformed_reset_request_is_a_400(client, db, email, mailoutbox):
    assert client.post(RESET, {"email": email}).status_code == 400
    assert mailoutbox == []


def test_reset_requests_are_throttled_to_stop_mail_bombing(client, outsider, settings, mailoutbox):
    settings.LOGIN_MAX_FAILURES = 2
    for _ in range(2):
        assert client.post(RESET, {"email": outsider.email}).status_code == 302
    response = client.post(RESET, {"email": outsider.email})
    assert response.status_code == 429
    assert len(mailoutbox) == 2


def test_changing_my_password_needs_the_current_one(client, outsider):
    client.force_login(outsider)
    url = reverse("accounts:password_change")
    page = client.get(url).content.decode()
    assert 'autocomplete="current-password"' in page
    response = client.post(
        url,
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 400
    response = client.post(
        url,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    outsider.refresh_from_db()
    assert outsider.check_password(NEW_PASSWORD)
    # Still logged in after the change (the session hash follows the new password).
    assert client.get(reverse("accounts:dashboard")).status_code == 200


def test_the_password_change_page_needs_a_login(client, db):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
