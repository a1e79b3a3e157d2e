"""People's pages: sign-up, login, password, profile, "My space" and "My data"."""

import json
import math

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from terreau.accounts import services
from terreau.accounts.forms import (
    DeleteAccountForm,
    LoginForm,
    ProfileForm,
    ResetPasswordForm,
    SignUpForm,
    form_status,
    submitted,
)
from terreau.accounts.models import User
from terreau.accounts.personal_data import personal_data
from terreau.accounts.throttling import (
    EMAIL_CHANGE,
    LOGIN,
    PASSWORD_RESET,
    SIGNUP,
    Throttle,
    client_address,
)


def _throttled(request: HttpRequest, template: str, context: dict, retry_after: int):
    """The page of the form, refused with a 429 and a message saying when to retry."""
    minutes = max(1, math.ceil(retry_after / 60))
    context["throttled"] = ngettext(
        "Too many attempts. For your security, try again in %(minutes)s minute.",
        "Too many attempts. For your security, try again in %(minutes)s minutes.",
        minutes,
    ) % {"minutes": minutes}
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def _blocked(throttle: Throttle, request: HttpRequest, email: str) -> int:
    """Seconds to wait before another attempt for `email` from this client (0: go on)."""
    return throttle.retry_after(User.objects.canonical_email(email), client_address(request))


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    form = SignUpForm(submitted(request)[0])
    context = {"form": form, "nav": "signup"}
    if request.method == "POST":
        if wait := _blocked(SIGNUP, request, request.POST.get("email", "")):
            return _throttled(request, "accounts/signup.html", context, wait)
        if form.is_valid():
            email = form.cleaned_data["email"]
            SIGNUP.record(email, client_address(request))
            services.sign_up(
                email=email,
                password=form.cleaned_data["password1"],
                display_name=form.cleaned_data["display_name"],
            )
            request.session["signup_email"] = email
            return redirect("accounts:signup_done")
    return render(request, "accounts/signup.html", context, status=form_status(form))


@require_GET
def signup_done(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/signup_done.html",
        {"email": request.session.get("signup_email", ""), "nav": "signup"},
    )


@require_GET
def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user = services.confirm_email(token=token)
    except ValidationError as error:
        return render(
            request, "accounts/verify_failed.html", {"message": error.messages[0]}, status=400
        )
    messages.success(
        request, _("Your address %(email)s is verified. Thank you!") % {"email": user.email}
    )
    if request.user.is_authenticated:
        return redirect("accounts:dashboard")
    return redirect("accounts:login")


@login_required
@require_POST
def resend_verification(request: HttpRequest) -> HttpResponse:
    if wait := _blocked(SIGNUP, request, request.user.email):
        return _throttled(request, "accounts/dashboard.html", _dashboard_context(request), wait)
    SIGNUP.record(request.user.email, client_address(request))
    services.resend_verification(user=request.user)
    messages.success(request, _("We sent a new link to %(email)s.") % {"email": request.user.email})
    return redirect("accounts:dashboard")


class InvalidFormIsBadRequest:
    """For Django's own form views: invalid input is answered with a 400 too."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class LoginView(InvalidFormIsBadRequest, auth_views.LoginView):
    """Django's login, by e-mail, throttled per address and per client."""

    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    extra_context = {"nav": "login"}

    def _keys(self) -> tuple[str, str]:
        email = User.objects.canonical_email(self.request.POST.get("username", ""))
        return email, client_address(self.request)

    def post(self, request, *args, **kwargs):
        if wait := LOGIN.retry_after(*self._keys()):
            # Refused before the password is even checked: a correct guess gains nothing.
            form = self.form_class(request, initial={"username": self._keys()[0]})
            context = self.get_context_data(form=form)
            return _throttled(request, self.template_name, context, wait)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        LOGIN.reset(self._keys()[0])
        return super().form_valid(form)

    def form_invalid(self, form):
        LOGIN.record(*self._keys())
        return super().form_invalid(form)


class PasswordResetView(InvalidFormIsBadRequest, auth_views.PasswordResetView):
    """Django's password reset, throttled so that nobody can flood a mailbox with it."""

    form_class = ResetPasswordForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        if wait := _blocked(PASSWORD_RESET, request, request.POST.get("email", "")):
            context = self.get_context_data(form=self.form_class())
            return _throttled(request, self.template_name, context, wait)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        PASSWORD_RESET.record(form.cleaned_data["email"], client_address(self.request))
        return super().form_valid(form)


class PasswordResetConfirmView(InvalidFormIsBadRequest, auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordChangeView(InvalidFormIsBadRequest, auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:dashboard")
    extra_context = {"nav": "account"}

    def form_valid(self, form):
        messages.success(self.request, _("Your password is changed."))
        return super().form_valid(form)


def _dashboard_context(request: HttpRequest) -> dict:
    from terreau.projects.models import Project

    user = request.user
    return {
        "memberships": user.memberships.select_related("organisation").order_by(
            "organisation__name"
        ),
        "projects": Project.objects.filter(organisation__memberships__user=user)
        .select_related("organisation", "stage")
        .order_by("name"),
        "nav": "account",
    }


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/dashboard.html", _dashboard_context(request))


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(
        submitted(request)[0], initial={"display_name": user.display_name, "email": user.email}
    )
    context = {"form": form, "nav": "account"}
    if request.method == "POST" and form.is_valid():
        new_email = form.cleaned_data["email"]
        changing = User.objects.canonical_email(new_email) != user.email
        if changing and (wait := EMAIL_CHANGE.retry_after(str(user.pk))):
            return _throttled(request, "accounts/profile.html", context, wait)
        try:
            sent = services.update_profile(
                user=user, display_name=form.cleaned_data["display_name"], email=new_email
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if sent:
                EMAIL_CHANGE.record(str(user.pk))
                messages.info(
                    request,
                    _("We sent a link to %(email)s: your address changes once you follow it.")
                    % {"email": new_email},
                )
            messages.success(request, _("Your profile is saved."))
            return redirect("accounts:dashboard")
    return render(request, "accounts/profile.html", context, status=form_status(form))


@login_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/my_data.html",
        {"form": DeleteAccountForm(user=request.user), "nav": "account"},
    )


@login_required
@require_GET
def export_my_data(request: HttpRequest) -> HttpResponse:
    data = personal_data(request.user)
    filename = f"terreau-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.delete_account(user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(request, _("Your account and your personal data are deleted."))
            return redirect("pages:home")
    return render(
        request, "accounts/my_data.html", {"form": form, "nav": "account"}, status=form_status(form)
    )
