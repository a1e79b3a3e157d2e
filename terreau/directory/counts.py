"""Browse counts from a table materialised once per directory version.

Counting a directory without a search text is a GROUP BY over every public record (200 ms
and more at 100,000 projects), and each filter combination asked a new one. Instead, the
first browse after a write (a bump of the directory version) groups the records once into
`DirectoryCount` rows, per (région, département, single-valued term) and per term of the
many-valued vocabulary; every count and facet at the country, région or département level
is then a sum over a few hundred of these rows, whatever the filters, in every web process
and whatever the cache backend (the table is in the database, like the version).

`facet_counts` answers None for what the table cannot tell exactly: a finer territory (an
EPCI, a commune), or several terms of the many-valued vocabulary at once (a record holding
two of them would be counted twice); the caller then groups the records as before.
"""

# S608: only our identifiers, constants and Django's own SQL are formatted into the
# refresh statement; values travel as parameters.
# ruff: noqa: S608

from collections import Counter
from collections.abc import Mapping

from django.db import OperationalError, connection, transaction
from django.db.models import Count, Q, Sum

from terreau.directory import cache
from terreau.directory.models import DirectoryCount
from terreau.territories.models import Kind

MARK = "#"  # `single` of the row that says a version's rows are all there
REGION = "region"
DEPARTEMENT = "departement"


def _shape(directory) -> tuple | None:
    """(the single-valued dimension or None, the many-valued one or None), if the table
    can hold this directory's counts."""
    single = [d for d in directory.dimensions if not d.many(directory.model)]
    many = [d for d in directory.dimensions if d.many(directory.model)]
    if len(single) > 1 or len(many) > 1:
        return None
    return (single[0] if single else None, many[0] if many else None)


def _refresh(directory, version: int) -> list[tuple[str, str, str, str, int]]:
    """Group the public records of `directory` into the rows of `version`, in the
    database and in one statement (so the marker shows with every row, or none); answer
    the rows written (none of those another process wrote first)."""
    single, many = _shape(directory)
    records = directory.records().order_by()
    columns = ["in_region", "in_departement", *([single.field] if single else [])]
    wholes, wholes_params = (
        records.values_list(*columns).annotate(n=Count("pk")).query.sql_with_params()
    )
    code = "COALESCE(single, '')" if single else "''"
    named = "region, departement, single, n" if single else "region, departement, n"
    parts = [f"SELECT COALESCE(region, ''), COALESCE(departement, ''), {code}, '', n FROM wholes"]
    ctes, params = [f"wholes ({named}) AS ({wholes})"], [*wholes_params]
    if many:
        pairs, pairs_params = (
            records.values_list(*columns, many.field)
            .annotate(n=Count("pk"))
            .query.sql_with_params()
        )
        pair_names = (
            "region, departement, single, term, n" if single else "region, departement, term, n"
        )
        ctes.append(f"pairs ({pair_names}) AS ({pairs})")
        params += pairs_params
        parts.append(
            f"SELECT COALESCE(region, ''), COALESCE(departement, ''), {code}, term, n "
            "FROM pairs WHERE term IS NOT NULL"
        )
    parts.append(f"SELECT '', '', '{MARK}', '', COALESCE(SUM(n), 0) FROM wholes")
    table = DirectoryCount._meta.db_table
    DirectoryCount.objects.filter(kind=directory.kind, version__lt=version).delete()
    # Another process may be writing the same version: its rows are the same ones. (The
    # WHERE lets SQLite read ON CONFLICT as the insert's.)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH {', '.join(ctes)} "
            f"INSERT INTO {table} (kind, version, region, departement, single, term, n) "
            "SELECT %s, %s, counted.* FROM ("
            + " UNION ALL ".join(parts)
            + ") AS counted WHERE 1 = 1 ON CONFLICT DO NOTHING "
            "RETURNING region, departement, single, term, n",
            [*params, directory.kind, version],
        )
        return cursor.fetchall()


def _rows(table, term: str) -> list[tuple[str, str, str, str, int]]:
    """The rows of the chosen term (or of whole records), and the marker: one read."""
    return list(
        table.filter(Q(term=term) | Q(single=MARK, term="")).values_list(
            "region", "departement", "single", "term", "n"
        )
    )


def facet_counts(query, facets: Mapping[str, str]) -> tuple[int, dict] | None:
    """(count, {facet: {code: n}}) of a query without a search text, from the table; or
    None when the table cannot answer it exactly."""
    directory = query.directory
    shape = _shape(directory)
    if shape is None:
        return None
    single, many = shape
    known = {d.name for d in directory.dimensions} | {REGION, DEPARTEMENT}
    if not set(facets) <= known:
        return None
    territory = query.territory
    if territory is None or territory.kind == Kind.COUNTRY:
        place = None
    elif territory.kind == Kind.REGION:
        place = (REGION, territory.code)
    elif territory.kind == Kind.DEPARTEMENT:
        place = (DEPARTEMENT, territory.code)
    else:
        return None
    chosen = query.selected(many.name) if many else ()
    if len(chosen) > 1:
        return None
    term = chosen[0] if chosen else ""
    stages = set(query.selected(single.name)) if single else set()

    def in_place(region: str, departement: str) -> bool:
        return place is None or (region if place[0] == REGION else departement) == place[1]

    version = cache.version()
    table = DirectoryCount.objects.filter(kind=directory.kind, version=version)
    rows = _rows(table, term)
    if not any(row[2] == MARK for row in rows):
        try:
            with transaction.atomic():
                written = _refresh(directory, version)
        except OperationalError:
            # A long write holds the database (SQLite): group the records this once.
            return None
        rows = [row for row in written if row[3] == term or row[2] == MARK]
        if not any(row[2] == MARK for row in rows):  # another process wrote them
            rows = _rows(table, term)
    by_many: Counter = Counter()
    if many and many.name in facets:
        wanted = table.exclude(term="")
        if place:
            wanted = wanted.filter(**{place[0]: place[1]})
        if stages:
            wanted = wanted.filter(single__in=stages)
        by_many.update(dict(wanted.order_by().values_list("term").annotate(Sum("n"))))

    by_facet: dict[str, Counter] = {facet: Counter() for facet in facets}
    if many and many.name in by_facet:
        by_facet[many.name] = by_many
    count = 0
    for region, departement, code, _term, n in rows:
        if code == MARK:
            continue
        here, kept = in_place(region, departement), not stages or code in stages
        if here and kept:
            count += n
        if here and single and single.name in by_facet:
            by_facet[single.name][code] += n
        if kept:
            for level, value in ((REGION, region), (DEPARTEMENT, departement)):
                if level in by_facet:
                    by_facet[level][value] += n
    return count, {
        name: {code: n for code, n in counter.items() if code} for name, counter in by_facet.items()
    }
