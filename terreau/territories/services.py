"""Writes of the territories app: bringing the database in line with the official map."""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import batched

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Model, ProtectedError

from terreau.territories.dataset import Dataset, Row, read_dataset
from terreau.territories.models import DatasetVersion, Located, PostalCode, Territory
from terreau.territories.text import fold

DATASET = "territories"
# Bump when the loader writes rows differently (e.g. `fold` changes) for the same data
# file, so that databases loaded before are brought up to date.
LOADER_REVISION = 1
BATCH = 2000
# The columns the loader owns, compared to decide whether a row changed.
COLUMNS = [name for name in Row._fields if name != "code"] + ["search_name"]
CHAIN = ("region", "departement", "epci")


@dataclass
class LoadReport:
    version: str
    skipped: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    # Territories gone from the official map but still referenced by a record: kept.
    kept: list[str] = field(default_factory=list)
    # Records whose territory moved (e.g. a commune joined another EPCI): re-placed.
    relocated: int = 0


def _columns(row: Row) -> tuple:
    """The values of `COLUMNS` for a row: its fields after the code, then its search name."""
    return (*row[1:], fold(row.name))


@transaction.atomic
def load_territories(*, dataset: Dataset | None = None, force: bool = False) -> LoadReport:
    """Make the territory table the official map of `dataset` (the packaged one by
    default): create the new territories, update the changed ones, delete the ones gone
    unless a record still points at them, and re-place the records whose territory moved.

    Skipped when the database already holds this version of the data (unless `force`),
    so that running it at every start is cheap; a second run changes nothing."""
    dataset = dataset or read_dataset()
    version = hashlib.sha256(f"{dataset.version}:{LOADER_REVISION}".encode()).hexdigest()
    stored = DatasetVersion.objects.filter(name=DATASET).first()
    if stored and stored.version == version and not force:
        return LoadReport(version=dataset.version, skipped=True)

    report = LoadReport(version=dataset.version)
    existing = {values[0]: values[1:] for values in Territory.objects.values_list("code", *COLUMNS)}
    to_create, to_update, moved = [], [], []
    chain = [COLUMNS.index(name) for name in CHAIN]
    for row in dataset.rows:
        values = _columns(row)
        before = existing.get(row.code)
        if before is None:
            to_create.append((row.code, *values))
        elif before != values:
            territory = Territory(code=row.code, **dict(zip(COLUMNS, values, strict=True)))
            to_update.append(territory)
            if [before[i] for i in chain] != [values[i] for i in chain]:
                moved.append(territory)
    _insert(Territory, ["code", *COLUMNS], to_create)
    Territory.objects.bulk_update(to_update, COLUMNS, batch_size=500)
    report.created, report.updated = len(to_create), len(to_update)
    report.unchanged = len(dataset.rows) - report.created - report.updated

    gone = sorted(set(existing) - {row.code for row in dataset.rows})
    report.deleted, report.kept = _delete_unreferenced(gone)
    sync_postal_codes()
    report.relocated = relocate_records(moved)
    _refresh_statistics()
    DatasetVersion.objects.update_or_create(name=DATASET, defaults={"version": version})
    return report


def _insert(model: type[Model], fields: list[str], rows: list[tuple]) -> None:
    """Insert ready values fast: COPY on PostgreSQL, a prepared INSERT run for every row
    on SQLite. `bulk_create` would spend ten times longer building SQL than the database
    spends inserting the 70,000 rows of the map."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The raw psycopg cursor: its errors are translated into Django's here.
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608 - quoted names, bound values
        for chunk in batched(rows, BATCH):
            cursor.executemany(sql, chunk)


def _refresh_statistics() -> None:
    # The query planner must know the table grew by 36,000 rows before the first lookup.
    with connection.cursor() as cursor:
        for model in (Territory, PostalCode):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _delete_unreferenced(codes: list[str]) -> tuple[int, list[str]]:
    deleted, kept = 0, []
    for chunk in batched(codes, 500):
        try:
            Territory.objects.filter(code__in=chunk).delete()
            deleted += len(chunk)
        except ProtectedError:  # rare: find which ones records still use
            for code in chunk:
                try:
                    Territory.objects.filter(code=code).delete()
                    deleted += 1
                except ProtectedError:
                    kept.append(code)
    return deleted, kept


@transaction.atomic
def sync_postal_codes() -> None:
    """Make the postal code index match the territories' `postal_codes` lists."""
    wanted = {
        (code, territory)
        for territory, codes in Territory.objects.exclude(postal_codes="").values_list(
            "code", "postal_codes"
        )
        for code in codes.split()
    }
    existing = {
        (code, territory): pk
        for pk, code, territory in PostalCode.objects.values_list("pk", "code", "territory_id")
    }
    _insert(PostalCode, ["code", "territory"], sorted(wanted - existing.keys()))
    stale = [pk for key, pk in existing.items() if key not in wanted]
    for chunk in batched(stale, 500):
        PostalCode.objects.filter(pk__in=chunk).delete()


def located_models() -> list[type[Located]]:
    """Every concrete model placed on the map (projects, organisations…)."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Located) and not model._meta.abstract
    ]


@transaction.atomic
def relocate_records(territories: Iterable[Territory]) -> int:
    """Refresh the ancestor columns of the records placed on `territories`, after those
    territories changed région, département or EPCI."""
    count = 0
    for territory in territories:
        chain = territory.ancestors()
        for model in located_models():
            count += model._base_manager.filter(territory_id=territory.code).update(
                in_region=chain["region"],
                in_departement=chain["departement"],
                in_epci=chain["epci"],
            )
    return count
