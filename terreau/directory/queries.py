"""The one read path of the directories, shared by the HTML pages and the API.

    query = parse(PROJECTS, request.GET)   # or raises InvalidQuery, a message per parameter
    results = run(query)                   # count, one page of records, facets with labels

Only public records are ever read (`Project.objects.published()`,
`Organisation.objects.listed()`). How the counts are made:

- with a search text, one statement does it all (`_search`): the engine's matches, run
  once, give one narrow row per public match with a flag per filter, and every facet is a
  GROUP BY over those rows whose other flags hold (each facet without its own filter);
- without one, the counts are sums over a table rebuilt once per directory version
  (`counts.py`); what it cannot tell (an EPCI, a commune, several domains) is one GROUP
  BY per facet on the narrow directory indexes; the whole answer (count and facets) is
  cached under the directory version (`cache.py`), since browsing asks the same counts
  again and again.

Either way the page's ids come first, then one query (and a prefetch) fetches those rows.
"""

import hashlib
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    Model,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from terreau.directory import cache, counts
from terreau.organisations.models import Organisation
from terreau.projects.models import Project
from terreau.search import engine
from terreau.territories.models import Kind, Territory
from terreau.territories.text import fold
from terreau.vocabularies.models import ActorType, Domain, Stage, Term

PROJECTS = "project"
ORGANISATIONS = "organisation"

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_PAGE = 10_000
MAX_QUERY_LENGTH = 200
TERRITORY = "territory"  # the filter; its facet is REGION
REGION = "region"
DEPARTEMENT = "departement"
# Codes of vocabularies and territories: letters, digits, ":", "-", "_" ("commune:2A004").
_CODE = re.compile(r"^[A-Za-z0-9:_-]{1,64}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class Sort(StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"
    NAME = "name"


SORT_LABELS = {
    Sort.RELEVANCE: gettext_lazy("Relevance"),
    Sort.NEWEST: gettext_lazy("Newest first"),
    Sort.NAME: gettext_lazy("Name (A to Z)"),
}


@dataclass(frozen=True)
class Dimension:
    """A vocabulary filter and its facet: `?domain=logement&domain=sante`."""

    name: str  # parameter and facet key
    vocabulary: type[Term]
    field: str  # the model field holding the code(s)
    title: Any  # the facet's heading, translated when shown

    def many(self, model: type[Model]) -> bool:
        return model._meta.get_field(self.field).many_to_many


@dataclass(frozen=True)
class Directory:
    kind: str
    model: type[Model]
    public: Callable[[], QuerySet]  # everything the public directory may show
    dimensions: tuple[Dimension, ...]
    shown_related: tuple[str, ...]  # what a result card or an API result shows with it

    def records(self) -> QuerySet:
        return self.public()

    def dimension(self, name: str) -> Dimension:
        return next(d for d in self.dimensions if d.name == name)

    def for_display(self, queryset: QuerySet) -> QuerySet:
        """The columns a result card or an API result needs, related rows included."""
        related = [name.split("__")[0] for name in self.shown_related]
        queryset = queryset.select_related(*related).only(
            "ref", "name", "summary", "created_at", "updated_at", *self.shown_related
        )
        for dimension in self.dimensions:
            if dimension.many(self.model):
                terms = dimension.vocabulary.objects.only("code", "label_fr", "label_en")
                queryset = queryset.prefetch_related(Prefetch(dimension.field, queryset=terms))
        return queryset


DIRECTORIES = {
    PROJECTS: Directory(
        PROJECTS,
        Project,
        lambda: Project.objects.published(),
        (
            Dimension("domain", Domain, "domains", gettext_lazy("Domain")),
            Dimension("stage", Stage, "stage", gettext_lazy("Stage")),
        ),
        (
            "territory__name",
            "organisation__ref",
            "organisation__name",
            "stage__label_fr",
            "stage__label_en",
        ),
    ),
    ORGANISATIONS: Directory(
        ORGANISATIONS,
        Organisation,
        lambda: Organisation.objects.listed(),
        (Dimension("actor_type", ActorType, "actor_types", gettext_lazy("Actor type")),),
        ("territory__name",),
    ),
}


class InvalidQuery(Exception):
    """Some parameters are wrong: `errors` maps each to a message for people."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class DirectoryQuery:
    kind: str
    q: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # dimension → codes
    territory: Territory | None = None
    sort: Sort | None = None  # None: the default (relevance with a text, else newest)
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE

    @property
    def directory(self) -> Directory:
        return DIRECTORIES[self.kind]

    @property
    def default_sort(self) -> Sort:
        return Sort.RELEVANCE if self.q else Sort.NEWEST

    @property
    def effective_sort(self) -> Sort:
        """The order asked for; relevance means nothing without a text."""
        if self.sort and not (self.sort == Sort.RELEVANCE and not self.q):
            return self.sort
        return self.default_sort

    def selected(self, name: str) -> tuple[str, ...]:
        return self.filters.get(name, ())

    def params(self, **changes: Any) -> list[tuple[str, str]]:
        """The query as URL parameters, non-empty and non-default ones only, so links and
        bookmarks stay short; `changes` replaces fields (`page=2`, `territory=None`)."""
        query = replace(self, **changes) if changes else self
        pairs: list[tuple[str, str]] = []
        if query.q:
            pairs.append(("q", query.q))
        for dimension in query.directory.dimensions:
            pairs += [(dimension.name, code) for code in query.selected(dimension.name)]
        if query.territory is not None:
            pairs.append((TERRITORY, query.territory.code))
        if query.sort and query.sort != query.default_sort:
            pairs.append(("sort", query.sort.value))
        if query.page != 1:
            pairs.append(("page", str(query.page)))
        if query.page_size != DEFAULT_PAGE_SIZE:
            pairs.append(("page_size", str(query.page_size)))
        return pairs

    def cache_key(self, *extra: object) -> str:
        """Identifies what the counts depend on (not the page, not the sort), and `extra`."""
        parts = [self.kind, self.q, self.territory.code if self.territory else "", *extra]
        parts += [
            f"{name}={','.join(sorted(codes))}" for name, codes in sorted(self.filters.items())
        ]
        return hashlib.sha256("\n".join(map(str, parts)).encode()).hexdigest()[:32]


def _values(params: Any, name: str) -> list[str]:
    """Every non-blank value of a parameter (a QueryDict, or a dict of lists or strings)."""
    if hasattr(params, "getlist"):
        raw = params.getlist(name)
    else:
        raw = params.get(name, [])
        raw = [raw] if isinstance(raw, str) else list(raw)
    return [value.strip() for value in raw if value and value.strip()]


def _whole_number(params: Any, name: str, default: int, maximum: int, errors: dict) -> int:
    values = _values(params, name)
    if not values:
        return default
    value = values[-1]
    if not (value.isascii() and value.isdigit() and len(value) <= 6 and 1 <= int(value) <= maximum):
        errors[name] = _("Enter a whole number between 1 and %(maximum)s.") % {"maximum": maximum}
        return default
    return int(value)


def parse(kind: str, params: Any) -> DirectoryQuery:
    """Read the directory parameters (`q`, each dimension, `territory`, `sort`, `page`,
    `page_size`) from a query string; unknown parameters are ignored. Raises InvalidQuery
    naming every faulty parameter, so that nothing half-checked reaches the database."""
    directory = DIRECTORIES[kind]
    errors: dict[str, str] = {}

    q = " ".join(_CONTROL.sub(" ", " ".join(_values(params, "q"))).split())
    if len(q) > MAX_QUERY_LENGTH:
        errors["q"] = _("The search text is too long (%(maximum)s characters at most).") % {
            "maximum": MAX_QUERY_LENGTH
        }

    filters: dict[str, tuple[str, ...]] = {}
    for dimension in directory.dimensions:
        wanted = list(dict.fromkeys(_values(params, dimension.name)))
        if not wanted:
            continue
        known = {term.code for term in _terms(dimension.vocabulary)}
        unknown = [code for code in wanted if code not in known]
        if unknown:
            errors[dimension.name] = _("Unknown code: %(codes)s.") % {
                "codes": ", ".join(code[:64] for code in unknown[:5])
            }
        else:
            filters[dimension.name] = tuple(wanted)

    territory = None
    codes = _values(params, TERRITORY)
    if len(codes) > 1:
        errors[TERRITORY] = _("Choose one territory only.")
    elif codes:
        code = codes[0]
        if _CODE.match(code):
            territory = (
                Territory.objects.only("code", "kind", "name", "region", "departement", "epci")
                .filter(pk=code)
                .first()
            )
        if territory is None:
            errors[TERRITORY] = _(
                "Unknown territory code: %(code)s. Codes look like region:84, "
                "departement:69, epci:200046977 or commune:69123."
            ) % {"code": code[:64]}

    sort = None
    sorts = _values(params, "sort")
    if sorts:
        if sorts[-1] in Sort._value2member_map_:
            sort = Sort(sorts[-1])
        else:
            errors["sort"] = _("Choose one of: %(choices)s.") % {
                "choices": ", ".join(s.value for s in Sort)
            }

    page = _whole_number(params, "page", 1, MAX_PAGE, errors)
    page_size = _whole_number(params, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, errors)
    if errors:
        raise InvalidQuery(errors)
    return DirectoryQuery(
        kind=kind,
        q=q,
        filters=filters,
        territory=territory,
        sort=sort,
        page=page,
        page_size=page_size,
    )


@dataclass(frozen=True)
class FacetOption:
    code: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str  # the parameter it sets: a dimension, or `territory` for the région facet
    key: str  # its key in the API's `facets`
    title: str
    options: list[FacetOption]


@dataclass
class Results:
    query: DirectoryQuery
    count: int
    records: list[Model]
    facets: list[Facet]
    suggestion: str | None = None
    areas: dict[str, int] = field(default_factory=dict)  # the map's: area code → count

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.query.page_size))


# How the counts are made


def _conditions(query: DirectoryQuery) -> dict[str, Q]:
    """Each filter of `query` as a condition on the records, by name (a dimension, or
    TERRITORY); a filter left empty, or France, is no condition."""
    directory = query.directory
    conditions = {}
    for dimension in directory.dimensions:
        codes = query.selected(dimension.name)
        if not codes:
            continue
        model_field = directory.model._meta.get_field(dimension.field)
        if model_field.many_to_many:
            linked = model_field.remote_field.through.objects.filter(
                **{f"{model_field.m2m_reverse_field_name()}__in": codes}
            ).values(f"{model_field.m2m_field_name()}_id")
            conditions[dimension.name] = Q(pk__in=linked)
        else:
            conditions[dimension.name] = Q(**{f"{dimension.field}__in": codes})
    if query.territory is not None and (prefix := _place_prefix(query.territory)):
        conditions[TERRITORY] = Q(**prefix)
    return conditions


def _filtered(query: DirectoryQuery, queryset: QuerySet, *, skip: str | None = None) -> QuerySet:
    """`queryset` narrowed by every filter of `query` except `skip`."""
    for name, condition in _conditions(query).items():
        if name != skip:
            queryset = queryset.filter(condition)
    return queryset


def _place_prefix(territory: Territory) -> dict[str, str]:
    """`located_in(territory)` written as equalities on the leading columns of the
    directory's place index (in_region, in_departement, in_epci, territory), so that every
    level is one index range. A commune's and a département's ancestors are those of
    their records; an EPCI may straddle départements, so it is matched alone."""
    match territory.kind:
        case Kind.COUNTRY:
            return {}
        case Kind.REGION:
            return {"in_region": territory.code}
        case Kind.DEPARTEMENT:
            return {"in_region": territory.region, "in_departement": territory.code}
        case Kind.EPCI:
            return {"in_epci": territory.code}
        case _:
            return {
                "in_region": territory.region,
                "in_departement": territory.departement,
                "in_epci": territory.epci,
                "territory_id": territory.code,
            }


def _counts_in_sql(query: DirectoryQuery, facets: Mapping[str, str]) -> tuple[int, dict]:
    """Count and facets without a search text. Each facet counts the rows that every
    filter but its own accepts: the single-valued facets whose own filter is off see the
    same rows, so one GROUP BY over their columns together serves them all (one scan, then
    summed here); every other facet is one GROUP BY of its own."""
    directory = query.directory
    records = directory.records()
    active = set(_conditions(query))
    columns = {REGION: "in_region", DEPARTEMENT: "in_departement"}
    columns |= {d.name: d.field for d in directory.dimensions}
    many = {d.name for d in directory.dimensions if d.many(directory.model)}
    by_facet: dict[str, Counter] = {facet: Counter() for facet in facets}
    shared: dict[str | None, list[str]] = {}  # the filter skipped → the facets counted together
    for facet, own_filter in facets.items():
        if facet in many:
            rows = _filtered(query, records, skip=own_filter).order_by()
            by_facet[facet].update(dict(rows.values_list(columns[facet]).annotate(n=Count("pk"))))
        else:
            shared.setdefault(own_filter if own_filter in active else None, []).append(facet)
    count = None
    for skip, names in shared.items():
        rows = (
            _filtered(query, records, skip=skip)
            .order_by()
            .values_list(*(columns[name] for name in names))
            .annotate(n=Count("pk"))
        )
        for *values, n in rows:
            for name, value in zip(names, values, strict=True):
                by_facet[name][value] += n
            if skip is None:
                count = (count or 0) + n
    if count is None:
        # Each single-valued facet has its own filter on: a stage facet still tells.
        single = [d for d in directory.dimensions if not d.many(directory.model)]
        if single:
            counted = by_facet[single[0].name]
            count = sum(counted[code] for code in query.selected(single[0].name))
        else:
            count = _filtered(query, records).count()
    return count, {
        name: {c: n for c, n in counter.items() if c} for name, counter in by_facet.items()
    }


def _facet_filters(query: DirectoryQuery, level: str | None = None) -> dict[str, str]:
    """Each facet to count and its own filter; the map's level counts like the région."""
    facets = {d.name: d.name for d in query.directory.dimensions}
    facets[REGION] = TERRITORY
    if level:
        facets[level] = TERRITORY
    return facets


def _browse(query: DirectoryQuery, facets: Mapping[str, str], paged: bool):
    """(count, facet counts, the page's ids) without a search text; the counts are cached
    under the directory version."""
    key = f"counts:{query.cache_key()}:{','.join(sorted(facets))}"
    count, by_facet = cache.remember(
        key, lambda: counts.facet_counts(query, facets) or _counts_in_sql(query, facets)
    )
    if not (paged and count):
        return count, by_facet, []
    start = (query.page - 1) * query.page_size
    order = ["-created_at", "-pk"] if query.effective_sort == Sort.NEWEST else ["name", "pk"]
    # The page's ids from the narrow index entries; the whole rows come after.
    ids = _filtered(query, query.directory.records()).order_by(*order).values_list("pk", flat=True)
    return count, by_facet, list(ids[start : start + query.page_size])


# The search statement's orders, by sort (`ranked` holds the engine's scores).
_SEARCH_ORDER = {
    Sort.RELEVANCE: "ranked.score DESC, m.id",
    Sort.NEWEST: "m.created_at DESC, m.id DESC",
    Sort.NAME: "m.name, m.id",
}


def _search(query: DirectoryQuery, facets: Mapping[str, str], paged: bool):
    """(count, facet counts, the page's ids) of a search, in one statement: the engine's
    matches (`matched`, run once), then one narrow row per public match with a flag per
    filter (`m`), then a GROUP BY per facet over the rows whose other flags hold, the
    count, and the page. Only the rows every filter accepts are scored, and only when
    the page is sorted by relevance: scoring every match of a broad text cost most."""
    directory = query.directory
    model = directory.model
    qn = connection.ops.quote_name
    relevance = query.effective_sort == Sort.RELEVANCE
    single = [d for d in directory.dimensions if not d.many(model)]
    flags = {
        f"f_{name}": ExpressionWrapper(condition, output_field=BooleanField())
        for name, condition in _conditions(query).items()
    }

    def holds(skip: str | None = None) -> str:
        kept = [f"m.{qn(flag)}" for flag in flags if flag != f"f_{skip}"]
        return " AND ".join(kept) or "1 = 1"

    (matched_sql, matched_params), (ranked_sql, ranked_params) = engine.search_sql(
        query.kind,
        query.q,
        among=f"SELECT m.id FROM m WHERE {holds()}",  # noqa: S608
    )
    # The name only to sort by it: without it, the directory's place index holds every
    # column of `m`, and PostgreSQL reads it alone.
    named = ["name"] if query.effective_sort == Sort.NAME else []
    rows = (
        directory.records()
        .filter(pk__in=RawSQL(matched_sql, matched_params))  # noqa: S611 (the engine's SQL)
        .annotate(**flags)
        .order_by()
        .values_list(
            "pk", "created_at", *named, "in_region", "in_departement",
            *(f"{d.field}_id" for d in single), *flags,
        )
    )  # fmt: skip
    rows_sql, rows_params = rows.query.sql_with_params()
    columns = ["id", "created_at", *named, REGION, DEPARTEMENT, *(d.name for d in single), *flags]

    branches = []
    for facet, own_filter in facets.items():
        if facet in (REGION, DEPARTEMENT) or not directory.dimension(facet).many(model):
            branches.append(
                f"SELECT '{facet}', m.{qn(facet)}, COUNT(*) FROM m "  # noqa: S608
                f"WHERE {holds(own_filter)} GROUP BY m.{qn(facet)}"
            )
            continue
        model_field = model._meta.get_field(directory.dimension(facet).field)
        through = model_field.remote_field.through._meta
        own = qn(through.get_field(model_field.m2m_field_name()).column)
        code = qn(through.get_field(model_field.m2m_reverse_field_name()).column)
        # PostgreSQL takes a filtered `m` for half of it and scans every link: LATERAL
        # (OFFSET 0 keeps it from being merged back into a join) reads only the links of
        # the rows kept, as SQLite's nested loop does already.
        links = f"SELECT {code} FROM {qn(through.db_table)} WHERE {own} = m.id OFFSET 0"  # noqa: S608
        joined = (
            f"CROSS JOIN LATERAL ({links}) AS t"
            if connection.vendor == "postgresql"
            else f"JOIN {qn(through.db_table)} t ON t.{own} = m.id"
        )
        branches.append(
            f"SELECT '{facet}', t.{code}, COUNT(*) FROM m {joined} "  # noqa: S608
            f"WHERE {holds(own_filter)} GROUP BY t.{code}"
        )
    branches.append(f"SELECT '#count', NULL, COUNT(*) FROM m WHERE {holds()}")  # noqa: S608
    limit = [query.page_size if paged else 0, (query.page - 1) * query.page_size]
    scored = "JOIN ranked ON ranked.id = m.id " if relevance else ""
    branches.append(
        f"SELECT '#page', NULL, id FROM (SELECT m.id FROM m {scored}"  # noqa: S608
        f"WHERE {holds()} ORDER BY {_SEARCH_ORDER[query.effective_sort]} "
        "LIMIT %s OFFSET %s) AS page"
    )
    # Only identifiers of ours and constants are written into the SQL; every value people
    # typed or chose is a parameter.
    statement = (  # noqa: S608
        f"WITH m ({', '.join(qn(c) for c in columns)}) AS MATERIALIZED ({rows_sql}) "
        + (f", ranked AS MATERIALIZED ({ranked_sql}) " if relevance else "")
        + " UNION ALL ".join(branches)
    )
    if relevance:
        rows_params = [*rows_params, *ranked_params]
    by_facet: dict[str, dict[str, int]] = {facet: {} for facet in facets}
    count, page = 0, []
    with engine.searching(), connection.cursor() as cursor:
        cursor.execute(statement, [*rows_params, *limit])
        for facet, code, n in cursor.fetchall():
            if facet == "#count":
                count = n
            elif facet == "#page":
                page.append(n)
            elif code:
                by_facet[facet][code] = n
    return count, by_facet, page


def _terms(vocabulary: type[Term]) -> list[Term]:
    """Every entry of a vocabulary, in its order (kept a minute: read on every request)."""
    return cache.remember(
        f"terms:{vocabulary._meta.label_lower}",
        lambda: list(vocabulary.objects.all()),
        versioned=False,
    )


def _regions() -> list[tuple[str, str]]:
    """(code, name) of every région, in alphabetical order."""
    return sorted(
        Territory.objects.of_kind(Kind.REGION).order_by().values_list("code", "name"),
        key=lambda region: fold(region[1]),
    )


def _labelled(query: DirectoryQuery, by_facet: Mapping[str, Mapping[str, int]]) -> list[Facet]:
    """Facets with labels in the current language: every active vocabulary entry (and any
    retired one still counted or selected), every région."""
    facets = []
    for dimension in query.directory.dimensions:
        counted = by_facet.get(dimension.name, {})
        selected = set(query.selected(dimension.name))
        options = [
            FacetOption(term.code, term.label, counted.get(term.code, 0), term.code in selected)
            for term in _terms(dimension.vocabulary)
            if term.active or term.code in counted or term.code in selected
        ]
        facets.append(Facet(dimension.name, dimension.name, str(dimension.title), options))
    counted = by_facet.get(REGION, {})
    chosen = query.territory.code if query.territory else None
    regions = cache.remember("regions", _regions, versioned=False)
    options = [
        FacetOption(code, name, counted.get(code, 0), code == chosen) for code, name in regions
    ]
    facets.append(Facet(TERRITORY, REGION, _("Région"), options))
    return facets


def _records(query: DirectoryQuery, ids: list[int]) -> list[Model]:
    """The records of `ids`, in that order, with what a card or an API result shows."""
    directory = query.directory
    by_id = {r.pk: r for r in directory.for_display(directory.records().filter(pk__in=ids))}
    return [by_id[pk] for pk in ids if pk in by_id]


def run(query: DirectoryQuery, *, level: str | None = None) -> Results:
    """Count, facets and one page of results of a directory query; or, for the map
    (`level` REGION or DEPARTEMENT), the count of each area of that level instead of a
    page. Areas are counted like the région facet: without the territory filter, so the
    map compares areas and each links to its own list."""
    facets = _facet_filters(query, level)

    def answer():
        count, by_facet, ids = (_search if query.q else _browse)(query, facets, level is None)
        # Typos are forgiven in the results, and said: "did you mean …?".
        suggestion = engine.suggestion(query.q) if query.q and level is None else None
        return count, by_facet, ids, suggestion

    # The same page of the same query is asked again and again (links shared, the home
    # page's searches, back and forth): it holds until a write bumps the version.
    key = query.cache_key(query.effective_sort, query.page, query.page_size, level)
    count, by_facet, ids, suggestion = cache.remember(f"results:{key}", answer)
    return Results(
        query,
        count,
        _records(query, ids),
        _labelled(query, by_facet),
        suggestion,
        areas=by_facet[level] if level else {},
    )
