"""What every kind of record shares: its schema, the lookups its values are checked
against, and the bulk path that reads, creates and updates its rows.

A kind of record (projects, organisations, later funding schemes and programmes) is a
small module in `terreau.records.kinds` declaring a `ModelKind`: the fields of
contracts.md, the model column or relation behind each, and what to do once rows are
written (search index, history). New rows are written in batches by `bulk.py`,
many-to-many links as rows of their through table, changed rows with `bulk_update`, and
values are checked against dictionaries loaded once: an import of 100,000 records makes a
few hundred queries, not millions.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice

from django.db import connection, models
from django.utils import timezone

from terreau.records.bulk import insert_rows, insert_values
from terreau.records.fields import Field, Invalid, Lookups, Reference, Type, parse
from terreau.search.engine import Document
from terreau.territories.models import Territory
from terreau.vocabularies.models import VOCABULARIES

# Rows per query: large enough to amortise the round trips, small enough for SQLite's
# limit on query parameters and a bounded memory.
BATCH = 1000
_TERRITORY_COLUMNS = ("code", "kind", "name", "region", "departement", "epci")


class Territories(dict):
    """Every territory code → its containment columns, loaded in one query; `Territory`
    objects are built only for the codes records use."""

    def __init__(self):
        super().__init__(
            (row[0], row) for row in Territory.objects.values_list(*_TERRITORY_COLUMNS)
        )
        self._built: dict[str, Territory] = {}

    def get_territory(self, code: str | None) -> Territory | None:
        if not code:
            return None
        if code not in self._built:
            self._built[code] = Territory(**dict(zip(_TERRITORY_COLUMNS, self[code], strict=True)))
        return self._built[code]


class Records(Reference):
    """The records of a model that another record points at, by ref or exact name."""

    def __init__(self, model: type[models.Model]):
        ids: dict[str, int] = {}
        names: dict[str, str | None] = {}
        self.name_of: dict[str, str] = {}
        for pk, ref, name in model.objects.values_list("pk", "ref", "name").order_by("pk"):
            ids[ref] = pk
            self.name_of[ref] = name
            # A name shared by several records cannot designate one of them.
            names[name] = None if name in names else ref
        super().__init__(refs=ids, names=names, noun=str(model._meta.verbose_name))
        self.model = model
        self.ids = ids
        self.refs_by_id = {pk: ref for ref, pk in ids.items()}
        self._built: dict[str, models.Model] = {}

    def instance(self, ref: str | None) -> models.Model | None:
        """A stand-in for the record (its id, ref and name), for rows pointing at it."""
        if not ref:
            return None
        if ref not in self._built:
            self._built[ref] = self.model(pk=self.ids[ref], ref=ref, name=self.name_of[ref])
        return self._built[ref]


@dataclass
class Existing:
    """A record already in the database, as the record format reads it."""

    pk: int
    version: int
    record: dict


@dataclass(frozen=True)
class Relation:
    """A record field holding another record, stored as a foreign key."""

    model: type[models.Model]
    attname: str


@dataclass
class ModelKind:
    """A kind of record stored in one model (see the module docstring)."""

    name: str
    model: type[models.Model]
    fields: tuple[Field, ...]
    # Whether the model is `Located`: the record's `territory` places it on the map.
    located: bool = False
    # record field → the model's many-to-many field (CODES fields).
    many: dict[str, str] = field(default_factory=dict)
    # record field → the foreign key it is stored in (REFERENCE fields).
    relations: dict[str, Relation] = field(default_factory=dict)
    # Refs no record may take (they name pages of the site).
    reserved_refs: frozenset[str] = frozenset()

    @cached_property
    def columns(self) -> dict[str, str]:
        """record field → the model column of a scalar value: the field's name, with
        `_id` for a code (a foreign key to its vocabulary)."""
        special = {*self.many, *self.relations, *(["territory"] if self.located else [])}
        return {
            f.name: f"{f.name}_id" if f.type is Type.CODE else f.name
            for f in self.fields
            if f.name not in special
        }

    @cached_property
    def fields_by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    def empty_record(self) -> dict:
        return {f.name: f.empty for f in self.fields}

    # Reading ------------------------------------------------------------------------

    def lookups(self) -> dict:
        """What values may be checked against, loaded once per import."""
        lookups: dict = {}
        for f in self.fields:
            if f.type in (Type.CODE, Type.CODES) and f.lookup not in lookups:
                if f.lookup == "territory":
                    lookups["territory"] = Territories()
                else:
                    # code → entry: checks codes, and gives written rows their entry
                    # without a query.
                    lookups[f.lookup] = VOCABULARIES[f.lookup].objects.in_bulk()
            elif f.type is Type.REFERENCE:
                lookups[f.lookup] = Records(self.relations[f.name].model)
        return lookups

    def clean(
        self, values: dict[str, object], lookups: Lookups, *, this_year: int
    ) -> tuple[dict, list[tuple[str, str]], list[str]]:
        """The canonical record of the fields present in `values`, the errors as
        (field, message), and the required fields absent from `values`: those are needed
        only to create a record (an update keeps their stored values). Unknown fields are
        errors: a typo must not go unnoticed."""
        from django.utils.translation import gettext as _

        schema = self.fields_by_name
        record: dict = {}
        errors: list[tuple[str, str]] = []
        for name, raw in values.items():
            if name not in schema:
                errors.append((str(name), _("unknown field")))
                continue
            try:
                record[name] = parse(schema[name], raw, lookups, this_year=this_year)
            except Invalid as error:
                errors.append((name, str(error)))
        missing = [f.name for f in self.fields if f.required and f.name not in values]
        if "ref" in missing:  # without its ref, a row designates nothing
            errors.append(("ref", _("this field is required")))
            missing.remove("ref")
        if record.get("ref") in self.reserved_refs:
            errors.append(("ref", _("this ref is reserved for a page of the site")))
        return record, errors, missing

    def known_refs(self, refs: Iterable[str]) -> set[str]:
        """Those of `refs` that name stored records."""
        return set(self.model.objects.filter(ref__in=list(refs)).values_list("ref", flat=True))

    def existing(self, refs: Iterable[str], lookups: Lookups) -> dict[str, Existing]:
        """The records among `refs` already stored, keyed by ref."""
        queryset = self.model.objects.filter(ref__in=list(refs))
        return {e.record["ref"]: e for e in self._read(queryset, lookups)}

    def export(self) -> Iterator[dict]:
        """Every record, ordered by ref, as `import` reads it back."""
        lookups = self.lookups() if self.relations else {}
        rows = self.model.objects.order_by("ref")
        for existing in self._read(rows, lookups, stream=True):
            yield existing.record

    def _read(self, queryset, lookups: Lookups, *, stream: bool = False) -> Iterator[Existing]:
        columns = ["pk", "version", *self.columns.values()]
        if self.located:
            columns.append("territory_id")
        relation_columns = [relation.attname for relation in self.relations.values()]
        refs_by_id = {name: self._records(name, lookups).refs_by_id for name in self.relations}
        rows = queryset.values_list(*columns, *relation_columns)
        source = rows.iterator(chunk_size=BATCH) if stream else iter(rows)
        while chunk := list(islice(source, BATCH)):
            many = self._many_of([row[0] for row in chunk])
            for row in chunk:
                values = dict(zip(columns + relation_columns, row, strict=True))
                record = self.empty_record()
                for name, column in self.columns.items():
                    record[name] = values[column]
                if self.located:
                    record["territory"] = values["territory_id"]
                for name, relation in self.relations.items():
                    record[name] = refs_by_id[name].get(values[relation.attname])
                for name in self.many:
                    record[name] = sorted(many[name].get(values["pk"], ()))
                yield Existing(pk=values["pk"], version=values["version"], record=record)

    def _records(self, name: str, lookups: Lookups) -> Records:
        records = lookups[self.fields_by_name[name].lookup]
        assert isinstance(records, Records)
        return records

    def _through(self, name: str):
        """The through model of a many-to-many field and its two columns."""
        m2m = self.model._meta.get_field(self.many[name])
        through = m2m.remote_field.through
        return through, m2m.m2m_column_name(), m2m.m2m_reverse_name()

    def _many_of(self, pks: list[int]) -> dict[str, dict[int, list[str]]]:
        result: dict[str, dict[int, list[str]]] = {}
        for name in self.many:
            through, own, other = self._through(name)
            links: dict[int, list[str]] = {}
            rows = through.objects.filter(**{f"{own}__in": pks}).values_list(own, other)
            for pk, code in rows:
                links.setdefault(pk, []).append(code)
            result[name] = links
        return result

    # Writing ------------------------------------------------------------------------

    def refresh_statistics(self) -> None:
        """Let PostgreSQL's planner know how big the tables have grown (ANALYZE counts
        the rows this transaction inserted): otherwise, believing them small, it scans
        them whole for every lookup of a batch. SQLite needs nothing: it always uses the
        indexes for these lookups."""
        if connection.vendor != "postgresql":
            return
        tables = [self.model._meta.db_table]
        tables += [self._through(name)[0]._meta.db_table for name in self.many]
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(connection.ops.quote_name(t) for t in tables)}")

    def build(self, instance: models.Model, record: dict, lookups: Lookups) -> models.Model:
        """Copy a full canonical record onto an (unsaved) instance. Related rows
        (vocabulary entries, territory, referenced records) are set from the lookups, so
        that reading them back from the instance needs no query."""
        schema = self.fields_by_name
        for name, column in self.columns.items():
            if schema[name].type is Type.CODE:
                entries = lookups[schema[name].lookup]
                assert isinstance(entries, dict)
                setattr(instance, name, entries.get(record[name]) if record[name] else None)
            else:
                setattr(instance, column, record[name])
        if self.located:
            territories = lookups["territory"]
            assert isinstance(territories, Territories)
            instance.place(territories.get_territory(record["territory"]))
        for name in self.relations:
            setattr(instance, name, self._records(name, lookups).instance(record[name]))
        return instance

    @cached_property
    def update_fields(self) -> list[str]:
        """The columns an update of a record rewrites."""
        names = [*self.columns.values(), "version", "updated_at"]
        if self.located:
            names += ["territory_id", "in_region", "in_departement", "in_epci"]
        return names + [relation.attname for relation in self.relations.values()]

    def save(
        self,
        *,
        creates: list[dict],
        updates: list[tuple[Existing, dict]],
        lookups: Lookups,
    ) -> tuple[list[tuple[models.Model, dict]], list[int]]:
        """Create and update rows from full canonical records: the new instances (with
        their ids) beside their records, and the ids of the updated rows."""
        now = timezone.now()
        created = [self.build(self.model(), record, lookups) for record in creates]
        insert_rows(self.model, created)
        changed = []
        for existing, record in updates:
            instance = self.build(self.model(pk=existing.pk), record, lookups)
            instance.version = existing.version + 1
            instance.updated_at = now
            changed.append(instance)
        if changed:
            self.model.objects.bulk_update(changed, self.update_fields, batch_size=BATCH)
        self._save_many(
            [(instance.pk, record, None) for instance, record in zip(created, creates, strict=True)]
            + [(existing.pk, record, existing) for existing, record in updates]
        )
        return list(zip(created, creates, strict=True)), [instance.pk for instance in changed]

    def _save_many(self, rows: list[tuple[int, dict, Existing | None]]) -> None:
        for name in self.many:
            through, own, other = self._through(name)
            replaced = [
                pk
                for pk, record, existing in rows
                if existing and existing.record[name] != record[name]
            ]
            if replaced:
                through.objects.filter(**{f"{own}__in": replaced}).delete()
            replaced_set = set(replaced)
            links = [
                (pk, code)
                for pk, record, existing in rows
                if existing is None or pk in replaced_set
                for code in record[name]
            ]
            if links:
                insert_values(through._meta.db_table, [own, other], links)

    def after_save(
        self, *, created: list[tuple[models.Model, dict]], updated: list[int], author=None
    ) -> list[Document]:
        """What follows a write (at most BATCH rows), in the same transaction (history,
        records leaving the search index); the search documents to index. `created` are
        the new rows as built with their records, `updated` the ids of rows changed.
        Kinds override it."""
        return []
