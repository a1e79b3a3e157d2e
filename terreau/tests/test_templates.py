"""The shared templates: accessible form rendering, the page skeleton and error pages."""

import re

import pytest
from django import forms
from django.template import loader
from django.test import RequestFactory
from django.utils import translation


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


class SignUpLikeForm(forms.Form):
    email = forms.EmailField(label="E-mail address", help_text="We send a link there.")
    nickname = forms.CharField(label="Nickname", required=False)
    newsletter = forms.BooleanField(label="Send me news", required=False)
    stage = forms.ChoiceField(
        label="Stage",
        choices=[("emergence", "Emergence"), ("diffusion", "Diffusion")],
        widget=forms.RadioSelect,
    )


def input_tag(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, f"no input named {name}"
    return match.group(0)


def test_a_field_has_a_label_and_its_hint_is_announced_with_the_input():
    html = str(SignUpLikeForm())
    assert '<label for="id_email" class="field__label">E-mail address</label>' in html
    assert '<div class="field__hint" id="id_email_helptext">We send a link there.</div>' in html
    assert 'aria-describedby="id_email_helptext"' in input_tag(html, "email")


def test_an_optional_field_says_so_and_a_required_one_does_not():
    html = str(SignUpLikeForm())
    nickname_label = re.search(r'<label for="id_nickname".*?</label>', html, re.S).group(0)
    email_label = re.search(r'<label for="id_email".*?</label>', html, re.S).group(0)
    assert "(optional)" in nickname_label
    assert "(optional)" not in email_label


def test_an_invalid_field_is_marked_invalid_and_its_error_is_linked_to_it():
    html = str(SignUpLikeForm(data={"email": "not-an-address", "stage": "emergence"}))
    email = input_tag(html, "email")
    assert 'aria-invalid="true"' in email
    assert 'aria-describedby="id_email_helptext id_email_error"' in email
    assert '<ul class="errorlist" id="id_email_error">' in html
    assert 'class="field field--error"' in html


def test_a_form_with_errors_starts_with_a_summary_linking_to_each_field():
    html = str(SignUpLikeForm(data={"email": "not-an-address"}))
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    assert "data-error-summary" in summary and 'tabindex="-1"' in summary
    assert 'href="#id_email"' in summary
    # A radio group has no single label target: the link goes to its first option.
    assert 'href="#id_stage_0"' in summary
    assert html.index("error-summary") < html.index('name="email"')


def test_a_valid_form_has_no_error_summary():
    form = SignUpLikeForm(data={"email": "a@example.org", "stage": "diffusion"})
    assert form.is_valid()
    assert "error-summary" not in str(form)


def test_a_radio_group_is_a_fieldset_with_a_legend():
    html = str(SignUpLikeForm())
    group = re.search(r"<fieldset.*?</fieldset>", html, re.S).group(0)
    assert '<legend class="field__label">Stage</legend>' in group
    assert 'name="stage" value="emergence"' in group


def test_a_single_checkbox_comes_before_its_label():
    html = str(SignUpLikeForm())
    assert html.index('name="newsletter"') < html.index('<label for="id_newsletter">')
    assert "field--checkbox" in html


@pytest.mark.django_db
def test_every_page_has_landmarks_a_skip_link_and_a_titled_language_switch(client):
    html = client.get("/this-page-does-not-exist/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main" tabindex="-1">' in html
    for landmark in ("<header", "<nav", "<footer"):
        assert landmark in html
    assert re.search(r"<title>[^<]+ · Terreau</title>", html)
    switch = re.search(r'<form class="language-switch".*?</form>', html, re.S).group(0)
    assert 'method="post"' in switch and 'name="csrfmiddlewaretoken"' in switch
    assert re.search(r'name="language" value="(en|fr)" lang="(en|fr)"', switch)
    assert 'value="/this-page-does-not-exist/"' in switch


@pytest.mark.django_db
def test_an_unknown_address_answers_a_404_page_in_the_site_layout(client):
    response = client.get("/nowhere/at/all/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="' in html
    assert "error-page__code" in html
    assert 'class="brand"' in html


@pytest.mark.parametrize("name", ["400.html", "403.html", "403_csrf.html", "429.html"])
@pytest.mark.django_db
def test_error_pages_render_with_a_request(name):
    request = RequestFactory().get("/somewhere/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    html = loader.render_to_string(name, request=request)
    assert html.count("<h1>") == 1
    assert "error-page__code" in html


def test_the_too_many_attempts_page_says_when_to_come_back():
    html = loader.render_to_string("429.html", {"retry_after_minutes": 15})
    assert "15 minutes" in html


def test_the_server_error_page_renders_without_any_context():
    html = loader.get_template("500.html").render()
    assert html.count("<h1>") == 1
    assert 'href="/"' in html
    assert "<main" in html
