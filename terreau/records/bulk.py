"""Writing many new rows at once, faster than `bulk_create`.

Django's `bulk_create` compiles one statement holding every value of a batch; with some
twenty columns a row, compiling costs more than the database's own work, and an import of
100,000 records spent most of its time there. Here one prepared statement runs for each
row (`executemany`), or PostgreSQL's COPY; values are still prepared by each field as
`bulk_create` prepares them (`pre_save`, `get_db_prep_save`), except plain ones.
"""

from collections.abc import Iterable
from functools import partial
from operator import attrgetter

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone


def insert_values(table: str, columns: list[str], rows: list[tuple]) -> None:
    """INSERT rows of database-ready values into `table`: one prepared statement run for
    each row, or on PostgreSQL a COPY (three times faster again)."""
    quote = connection.ops.quote_name
    # Table and column names come from the models' metadata, never from input.
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        cursor.executemany(
            f"INSERT INTO {quote(table)} ({names}) VALUES ({placeholders})",  # noqa: S608
            rows,
        )


# Field types whose database value is the Python value itself when that value is a str,
# an int, a bool or None, on SQLite and PostgreSQL alike: preparing them can be skipped.
_PLAIN_FIELDS = frozenset(
    {
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "ForeignKey",
        "IntegerField",
        "PositiveBigIntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SlugField",
        "SmallIntegerField",
        "TextField",
        "URLField",
    }
)
_PLAIN_VALUES = (str, int, bool, type(None))


def _insert(model: type[models.Model], rows: Iterable[list]) -> None:
    """INSERT rows of Python values, one per concrete field but the primary key, each
    prepared as `bulk_create` prepares it (`get_db_prep_save`) unless it is plain."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    database = connections[DEFAULT_DB_ALIAS]  # the connection itself, not its proxy
    plain = [f.get_internal_type() in _PLAIN_FIELDS for f in fields]
    prepared = [
        tuple(
            value
            if is_plain and type(value) in _PLAIN_VALUES
            else field.get_db_prep_save(value, database)
            for field, is_plain, value in zip(fields, plain, values, strict=True)
        )
        for values in rows
    ]
    insert_values(model._meta.db_table, [f.column for f in fields], prepared)


def insert_rows(model: type[models.Model], instances: list[models.Model]) -> None:
    """INSERT new instances, then give each its id (looked up by ref when the model has
    one): what `bulk_create` does, faster (see the module docstring)."""
    if not instances:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    # Most fields' pre_save only reads the attribute: read it directly.
    readers = [
        attrgetter(f.attname)
        if type(f).pre_save is models.Field.pre_save
        else partial(_pre_save, f)
        for f in fields
    ]
    _insert(model, ([read(instance) for read in readers] for instance in instances))
    if any(f.name == "ref" for f in fields):
        ids = dict(
            model.objects.filter(ref__in=[i.ref for i in instances]).values_list("ref", "pk")
        )
        for instance in instances:
            instance.pk = ids[instance.ref]
    for instance in instances:
        instance._state.adding = False
        instance._state.db = connection.alias


def _pre_save(field: models.Field, instance: models.Model):
    return field.pre_save(instance, True)


def insert_dicts(model: type[models.Model], rows: list[dict]) -> None:
    """INSERT new rows given as {attname: value} without building model instances (for
    rows nobody reads back, such as history lines); absent fields take their default,
    auto_now dates the current time."""
    if not rows:
        return
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]

    def value(field, row: dict):
        if field.attname in row:
            return row[field.attname]
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return now
        return field.get_default()

    _insert(model, ([value(f, row) for f in fields] for row in rows))
