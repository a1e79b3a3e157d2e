import re
import time

import pytest
from django.urls import reverse

from terreau.accounts.models import User
from terreau.accounts.tests.mailbox import link_in
from terreau.accounts.tokens import make_email_token
from terreau.conftest import PASSWORD

SIGNUP = reverse("accounts:signup")


def form(**overrides):
    data = {
        "display_name": "Nadia Nouvelle",
        "email": "Nadia@Example.org",
        "password1": "un jardin partagé au bout de la rue",
        "password2": "un jardin partagé au bout de la rue",
        "consent": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def signed_up(client, db, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP, form())
    assert response.status_code == 302
    return User.objects.get(email="nadia@example.org")


def test_the_signup_page_asks_for_name_address_password_twice_and_consent(client, db):
    response = client.get(SIGNUP)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'autocomplete="email"' in html
    assert html.count('autocomplete="new-password"') == 2
    assert 'name="consent"' in html
    assert reverse("pages:legal") in html


def test_signing_up_creates_an_unverified_account_and_mails_a_link(
    client, db, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP, form())
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_done")
    user = User.objects.get(email="nadia@example.org")
    assert user.display_name == "Nadia Nouvelle"
    assert not user.email_verified
    assert not user.can_publish
    assert user.privacy_accepted_at is not None
    assert user.check_password("un jardin partagé au bout de la rue")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["nadia@example.org"]
    assert "/comptes/verification/" in mailoutbox[0].body
    done = client.get(response["Location"])
    assert "nadia@example.org" in done.content.decode()
    # Signing up does not log in: the page is the same whether the address was free or not.
    assert "_auth_user_id" not in client.session


def test_following_the_link_verifies_the_address(client, signed_up, mailoutbox):
    response = client.get(link_in(mailoutbox[0]))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    signed_up.refresh_from_db()
    assert signed_up.email_verified
    assert signed_up.can_publish


def test_a_verified_person_can_log_in_with_their_address_in_any_case(client, signed_up):
    response = client.post(
        reverse("accounts:login"),
        {"username": "NADIA@example.org", "password": "un jardin partagé au bout de la rue"},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(signed_up.pk)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"consent": ""}, "consent"),
        ({"password2": "un autre mot de passe bien long"}, "password2"),
        ({"password1": "12345678901", "password2": "12345678901"}, "password1"),
        ({"password1": "court", "password2": "court"}, "password1"),
        ({"email": "pas-une-adresse"}, "email"),
        ({"display_name": ""}, "display_name"),
        ({"display_name": "x" * 151}, "display_name"),
    ],
)
def test_bad_signup_input_is_refused_with_a_400_and_creates_nothing(
    client, db, mailoutbox, overrides, field
):
    response = client.post(SIGNUP, form(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert f'href="#id_{field}"' in html
    # The error is tied to its input, and listed in the summary with a link to it.
    assert re.search(rf'aria-describedby="[^"]*\bid_{field}_error\b', html)
    assert not User.objects.exists()
    assert mailoutbox == []


def test_signing_up_with_a_taken_address_tells_its_owner_and_reveals_nothing(
    client, outsider, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP, form(email="Outsider@example.org"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_done")
    assert User.objects.filter(email="outsider@example.org").count() == 1
    outsider.refresh_from_db()
    assert outsider.check_password(PASSWORD)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["outsider@example.org"]
    assert reverse("accounts:password_reset") in mailoutbox[0].body


def test_signups_from_one_address_are_throttled_to_stop_mail_bombing(
    client, db, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.LOGIN_MAX_FAILURES = 2
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(2):
            client.post(SIGNUP, form(email=f"person{number}@example.org"))
        response = client.post(SIGNUP, form(email="victim@example.org"))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert (
        "Too many attempts" in response.content.decode() or "Trop de" in response.content.decode()
    )
    assert not User.objects.filter(email="victim@example.org").exists()
    assert len(mailoutbox) == 2


def test_a_logged_in_person_is_sent_from_the_signup_page_to_their_space(client, outsider):
    client.force_login(outsider)
    response = client.get(SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")


@pytest.mark.parametrize(
    "token", ["garbage", "a" * 500, "eyJ1IjoxfQ:1abc:forged", "..", "%00", "é"]
)
def test_a_forged_or_garbled_link_is_refused_with_a_400(client, db, token):
    response = client.get(reverse("accounts:verify_email", kwargs={"token": token}))
    assert response.status_code == 400
    assert response.context["message"]


def test_an_expired_link_is_refused_and_leaves_the_address_unverified(
    client, signed_up, monkeypatch
):
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() - 4 * 86400)
    token = make_email_token(
        user_id=signed_up.pk, email=signed_up.email, current_email=signed_up.email
    )
    monkeypatch.setattr(time, "time", real_time)
    response = client.get(reverse("accounts:verify_email", kwargs={"token": token}))
    assert response.status_code == 400
    signed_up.refresh_from_db()
    assert not signed_up.email_verified


def test_resending_the_link_mails_a_new_one(
    client, signed_up, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(signed_up)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:resend_verification"))
    assert response.status_code == 302
    assert len(mailoutbox) == 2
    client.get(link_in(mailoutbox[1]))
    signed_up.refresh_from_db()
    assert signed_up.email_verified


def test_resending_is_throttled(client, signed_up, settings):
    settings.LOGIN_MAX_FAILURES = 1  # the sign-up itself counted once
    client.force_login(signed_up)
    response = client.post(reverse("accounts:resend_verification"))
    assert response.status_code == 429


def test_resending_needs_a_post(client, signed_up):
    client.force_login(signed_up)
    assert client.get(reverse("accounts:resend_verification")).status_code == 405
