"""The directory pages: /projets/, /organisations/ and their maps.

Thin: read the query (`queries.parse`), send back a bookmarkable URL when the one asked for
carries empty, default or unknown parameters, run the query, render. A request made by
directory.js (header `X-Directory-Fragment`) gets only the part of the page that changes
(fragment.html: the `facets` and `results` partials of list.html).
"""

from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from terreau.directory import queries
from terreau.territories.forms import CODE_SUFFIX, SHOWN_SUFFIX, TerritoryField
from terreau.territories.maps import choropleth
from terreau.territories.models import Territory

FRAGMENT_HEADER = "X-Directory-Fragment"
LEVELS = {queries.REGION: _("Régions"), queries.DEPARTEMENT: _("Départements")}

PAGES = {
    queries.PROJECTS: {
        "nav": "projects",
        "title": _("Projects"),
        "map_title": _("Map of projects"),
        "lead": _("Socially innovative projects, everywhere in France."),
        "search_label": _("Search projects"),
        "list": "directory:projects",
        "map": "directory:projects_map",
    },
    queries.ORGANISATIONS: {
        "nav": "organisations",
        "title": _("Organisations"),
        "map_title": _("Map of organisations"),
        "lead": _(
            "The actors of social innovation: associations, cooperatives, funders, "
            "support structures, public bodies."
        ),
        "search_label": _("Search organisations"),
        "list": "directory:organisations",
        "map": "directory:organisations_map",
    },
}


class TerritoryFilterForm(forms.Form):
    territory = TerritoryField(
        label=_("Territory"),
        required=False,
        help_text=_("A commune, an EPCI, a département, a région or a postal code."),
    )


def _territory_as_code(request: HttpRequest) -> tuple[QueryDict, TerritoryFilterForm | None]:
    """The parameters with the territory as a code. The territory field lets people type
    a name or a postal code: it is resolved here; when it matches none or several, the
    form comes back to show why."""
    params = request.GET.copy()
    text = params.get("territory", "").strip()
    if not params.get("territory" + CODE_SUFFIX) and (not text or ":" in text or text == "FR"):
        return params, None  # a code already, or nothing: `parse` checks it
    form = TerritoryFilterForm(request.GET)
    for key in ("territory" + CODE_SUFFIX, "territory" + SHOWN_SUFFIX):
        params.pop(key, None)
    if not form.is_valid():
        params.pop("territory", None)
        return params, form
    territory = form.cleaned_data["territory"]
    params.setlist("territory", [territory.code] if territory else [])
    return params, None


def _url(path: str, params: list[tuple[str, str]]) -> str:
    return path + (f"?{urlencode(params)}" if params else "")


def _on_map(params: list[tuple[str, str]], level: str) -> list[tuple[str, str]]:
    """A map's parameters: the query's, and its level unless the default (régions)."""
    return params + ([("level", level)] if level != queries.REGION else [])


class Links:
    """Every link and choice a directory page shows, each a bookmarkable URL."""

    def __init__(self, request: HttpRequest, query: queries.DirectoryQuery, level: str | None):
        self.path = request.path
        self.query = query
        self.level = level

    def params(self, **changes) -> list[tuple[str, str]]:
        """The page's parameters: the query's (`changes` applied) and, on a map, its level
        (a map has no pages nor order)."""
        if self.level is None:
            return self.query.params(**changes)
        return _on_map(self.query.params(**{"page": 1, "sort": None, **changes}), self.level)

    def href(self, **changes) -> str:
        return _url(self.path, self.params(**changes))

    def of(self, results: queries.Results, list_path: str, map_path: str) -> dict:
        query = self.query
        facets, regions, active = [], [], []
        if query.q:
            active.append(
                {"label": _("Search: %(q)s") % {"q": query.q}, "href": self.href(q="", page=1)}
            )
        for facet in results.facets:
            if facet.key == queries.REGION:
                regions = [
                    {
                        "option": option,
                        "href": self.href(
                            territory=None if option.selected else Territory(code=option.code),
                            page=1,
                        ),
                    }
                    for option in facet.options
                ]
                continue
            facets.append(
                {
                    "name": facet.name,
                    "title": facet.title,
                    "shown": [o for o in facet.options if o.count or o.selected],
                    "folded": [o for o in facet.options if not (o.count or o.selected)],
                }
            )
            for option in facet.options:
                if option.selected:
                    kept = tuple(c for c in query.selected(facet.name) if c != option.code)
                    filters = {**query.filters, facet.name: kept}
                    active.append(
                        {"label": option.label, "href": self.href(filters=filters, page=1)}
                    )
        if query.territory is not None:
            active.append(
                {"label": query.territory.name, "href": self.href(territory=None, page=1)}
            )
        paginator = Paginator(range(results.count), query.page_size)
        everywhere = query.params(page=1, sort=None)
        return {
            "facets": facets,
            "regions": regions,
            "active": active,
            # The default order is sent as "", so that the script's URLs stay short too.
            "sorts": [
                {
                    "value": "" if sort == query.default_sort else sort.value,
                    "label": label,
                    "selected": sort == query.effective_sort,
                }
                for sort, label in queries.SORT_LABELS.items()
                if query.q or sort != queries.Sort.RELEVANCE
            ],
            "page": paginator.page(query.page) if query.page <= paginator.num_pages else None,
            "first_page": self.href(page=1),
            "without_territory": self.href(territory=None, page=1),
            "suggestion": self.href(q=results.suggestion or "", page=1),
            "list": _url(list_path, everywhere),
            "map": _url(map_path, everywhere),
            "levels": [
                {
                    "label": label,
                    "current": level == self.level,
                    "href": _url(map_path, _on_map(everywhere, level)),
                }
                for level, label in LEVELS.items()
            ],
            "choropleth": self.level
            and choropleth(
                level=self.level,
                counts=results.areas,
                url_for=lambda code: _url(
                    list_path, query.params(territory=Territory(code=code), page=1)
                ),
                noun="projects" if query.kind == queries.PROJECTS else "organisations",
            ),
        }


def _render(request: HttpRequest, context: dict, status: int = 200) -> HttpResponse:
    fragment = request.headers.get(FRAGMENT_HEADER)
    template = "directory/fragment.html" if fragment else "directory/list.html"
    return render(request, template, context, status=status)


def _directory_page(request: HttpRequest, kind: str, level: str | None = None) -> HttpResponse:
    """A directory list, or its map when `level` (REGION or DEPARTEMENT) is given."""
    page = PAGES[kind]
    list_path, map_path = reverse(page["list"]), reverse(page["map"])
    context = {
        "kind": kind,
        "page": page,
        "nav": page["nav"],
        "list_url": list_path,
        "map": level is not None,
        "level": level,
    }
    params, territory_form = _territory_as_code(request)
    errors: dict[str, str] = {}
    if territory_form is not None:  # a typed territory matched none, or several
        errors["territory"] = " ".join(territory_form.errors["territory"])
    try:
        query = queries.parse(kind, params)
    except queries.InvalidQuery as invalid:
        errors.update(invalid.errors)
    if errors:
        context.update(
            errors=errors,
            q=request.GET.get("q", ""),
            territory_form=territory_form or TerritoryFilterForm(request.GET),
        )
        return _render(request, context, status=400)
    links = Links(request, query, level)
    wanted = links.params()
    asked = [(key, value) for key, values in request.GET.lists() for value in values]
    if sorted(asked) != sorted(wanted):
        return HttpResponseRedirect(links.href())
    results = queries.run(query, level=level)
    context.update(
        query=query,
        q=query.q,
        results=results,
        links=links.of(results, list_path, map_path),
        territory_form=TerritoryFilterForm(initial={"territory": query.territory}),
    )
    return _render(request, context)


def _map_page(request: HttpRequest, kind: str) -> HttpResponse:
    level = request.GET.get("level", queries.REGION)
    return _directory_page(request, kind, level if level in LEVELS else queries.REGION)


def directory_view(view):
    """Pages read only (GET, HEAD), whose answer varies with the fragment header."""
    return require_safe(vary_on_headers(FRAGMENT_HEADER)(view))


@directory_view
def projects(request: HttpRequest) -> HttpResponse:
    return _directory_page(request, queries.PROJECTS)


@directory_view
def organisations(request: HttpRequest) -> HttpResponse:
    return _directory_page(request, queries.ORGANISATIONS)


@directory_view
def projects_map(request: HttpRequest) -> HttpResponse:
    return _map_page(request, queries.PROJECTS)


@directory_view
def organisations_map(request: HttpRequest) -> HttpResponse:
    return _map_page(request, queries.ORGANISATIONS)
