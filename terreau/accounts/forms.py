from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from terreau.accounts.models import User


def submitted(request) -> tuple:
    """Form data and files of a POST (even an empty one, which must fail validation),
    nothing for a GET."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def form_status(form) -> int:
    """Invalid input is answered with a 400, the form re-shown with its errors."""
    return 400 if form.is_bound and form.errors else 200


def email_field(**kwargs) -> forms.EmailField:
    return forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        **kwargs,
    )


def new_password_field(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class SignUpForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        help_text=_("Shown to the members of your organisations."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = email_field(help_text=_("We will send a link there to verify it."))
    password1 = new_password_field(_("Password"))
    password2 = new_password_field(_("Password again"))
    consent = forms.BooleanField(label=_("I have read the privacy notice and I accept it."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "password1"
        ].help_text = password_validation.password_validators_help_text_html()
        self.fields["consent"].help_text = format_html(
            '<a href="{}">{}</a>', reverse("pages:legal"), _("Read the privacy notice")
        )

    def clean_email(self) -> str:
        return User.objects.canonical_email(self.cleaned_data["email"])

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password1:
            candidate = User(
                email=cleaned.get("email", ""), display_name=cleaned.get("display_name", "")
            )
            try:
                password_validation.validate_password(password1, user=candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _("Incorrect e-mail address or password."),
        "inactive": _("This account is closed."),
    }

    def clean_username(self) -> str:
        return User.objects.canonical_email(self.cleaned_data["username"])


class ResetPasswordForm(PasswordResetForm):
    email = email_field()


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = email_field(
        help_text=_(
            "If you change it, we send a link to the new address; it replaces the current "
            "one once you follow that link."
        )
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password, to confirm"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."), code="wrong_password")
        return password
