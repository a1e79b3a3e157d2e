"""The public page of a territory: /territoires/<code>/ (e.g. /territoires/departement:69/)."""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from terreau.territories.models import FRANCE, Kind, Territory


def index(request):
    return redirect("territories:detail", code=FRANCE)


def detail(request, code: str):
    territory = Territory.objects.get_by_code(code)
    if territory is None:
        raise Http404(_("No territory has this code."))
    parents = list(Territory.objects.filter(code__in=territory.parent_codes()).broadest_first())
    children = list(Territory.objects.children_of(territory).order_by("search_name"))
    query = urlencode({"territory": territory.code}, safe=":")
    return render(
        request,
        "territories/detail.html",
        {
            "territory": territory,
            "parents": parents,
            "epcis": [t for t in children if t.kind == Kind.EPCI],
            "children": [t for t in children if t.kind != Kind.EPCI],
            "directory_projects_url": f"{reverse('directory:projects')}?{query}",
            "directory_organisations_url": f"{reverse('directory:organisations')}?{query}",
            "breadcrumbs": [(p.name, p.get_absolute_url()) for p in parents]
            + [(territory.name, "")],
            "children_heading": {
                Kind.COUNTRY: _("Régions"),
                Kind.REGION: _("Départements"),
                Kind.DEPARTEMENT: _("Communes"),
                Kind.EPCI: _("Member communes"),
            }.get(territory.kind, ""),
        },
    )
