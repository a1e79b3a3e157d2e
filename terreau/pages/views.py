"""The home page and the site's own pages (about, accessibility, legal notice and privacy)."""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from terreau.pages.forms import NearYouForm
from terreau.pages.highlights import featured_projects, home_figures

# When the accessibility statement was last checked against the site (RGAA asks for it).
ACCESSIBILITY_STATEMENT_DATE = datetime.date(2026, 12, 1)


def _home(request: HttpRequest, near_you: NearYouForm, *, status: int = 200) -> HttpResponse:
    context = {
        "nav": "home",
        "near_you": near_you,
        "figures": home_figures(),
        "featured": featured_projects(),
    }
    return render(request, "pages/home.html", context, status=status)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return _home(request, NearYouForm())


@require_GET
def near_you(request: HttpRequest) -> HttpResponse:
    """ "Find a project near you": resolve what was typed into a territory, then show the
    directory filtered by it. Without JavaScript the text alone arrives here; an unknown
    or ambiguous name comes back to the home page with the form's explanation."""
    form = NearYouForm(request.GET)
    if form.is_valid():
        territory = form.cleaned_data["territory"]
        return redirect(
            f"{reverse('directory:projects')}?{urlencode({'territory': territory.code})}"
        )
    return _home(request, form, status=400)


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/about.html", {"nav": "about"})


def _operator() -> dict:
    return {
        "publisher": settings.TERREAU_PUBLISHER,
        "publisher_address": settings.TERREAU_PUBLISHER_ADDRESS,
        "publication_director": settings.TERREAU_PUBLICATION_DIRECTOR,
        "contact_email": settings.TERREAU_CONTACT_EMAIL,
        "hosting_provider": settings.TERREAU_HOSTING_PROVIDER,
        "hosting_address": settings.TERREAU_HOSTING_ADDRESS,
    }


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/accessibility.html",
        {"operator": _operator(), "statement_date": ACCESSIBILITY_STATEMENT_DATE},
    )


@require_GET
def legal(request: HttpRequest) -> HttpResponse:
    context = {
        "operator": _operator(),
        # Cookie lifetimes as configured, so that the notice never drifts from the settings.
        "session_days": settings.SESSION_COOKIE_AGE // 86_400,
        "csrf_days": settings.CSRF_COOKIE_AGE // 86_400,
        "language_cookie_days": (settings.LANGUAGE_COOKIE_AGE or 0) // 86_400,
        "cookie_names": {
            "session": settings.SESSION_COOKIE_NAME,
            "csrf": settings.CSRF_COOKIE_NAME,
            "language": settings.LANGUAGE_COOKIE_NAME,
            "messages": CookieStorage.cookie_name,
        },
        "throttle_minutes": max(1, settings.LOGIN_LOCKOUT_SECONDS // 60),
    }
    return render(request, "pages/legal.html", context)
