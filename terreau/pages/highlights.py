"""What the home page shows of the directory: key figures, domains, régions, new projects.

The figures are counted over the whole directory; they change slowly, so they are kept
in the cache for a short while rather than counted on every visit to the home page.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count

from terreau.organisations.models import Organisation
from terreau.projects.models import Project
from terreau.territories.models import Kind, Territory
from terreau.vocabularies.models import Domain

FIGURES_CACHE_KEY = "pages:home:figures"
FIGURES_TIMEOUT = 60  # seconds
FEATURED_COUNT = 6


@dataclass(frozen=True)
class RegionCount:
    code: str
    name: str
    projects: int


@dataclass(frozen=True)
class DomainCount:
    domain: Domain
    projects: int


@dataclass(frozen=True)
class HomeFigures:
    projects: int
    organisations: int
    regions: list[RegionCount]
    domains: list[DomainCount]


def count_figures() -> HomeFigures:
    """Public projects, listed organisations, and the régions and domains they cover."""
    public = Project.objects.published()
    per_region = dict(
        public.exclude(in_region="")
        .values_list("in_region")
        .annotate(projects=Count("pk"))
        .values_list("in_region", "projects")
    )
    regions = [
        RegionCount(code=code, name=name, projects=per_region[code])
        for code, name in Territory.objects.of_kind(Kind.REGION)
        .filter(code__in=per_region)
        .order_by("name")
        .values_list("code", "name")
    ]
    per_domain = dict(
        Project.domains.through.objects.filter(project__in=public)
        .values_list("domain_id")
        .annotate(projects=Count("pk"))
        .values_list("domain_id", "projects")
    )
    domains = [
        DomainCount(domain=domain, projects=per_domain.get(domain.pk, 0))
        for domain in Domain.objects.active()
    ]
    return HomeFigures(
        projects=public.count(),
        organisations=Organisation.objects.listed().count(),
        regions=regions,
        domains=domains,
    )


def home_figures() -> HomeFigures:
    """`count_figures()`, at most FIGURES_TIMEOUT seconds old."""
    return cache.get_or_set(FIGURES_CACHE_KEY, count_figures, FIGURES_TIMEOUT)


def featured_projects() -> list[Project]:
    """The most recently added public projects."""
    return list(
        Project.objects.published()
        .select_related("territory", "organisation", "stage")
        .order_by("-created_at", "-pk")[:FEATURED_COUNT]
    )
