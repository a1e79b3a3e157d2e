"""Organisations in the record format of contracts.md."""

from django.db.models import prefetch_related_objects

from terreau.organisations.models import Organisation
from terreau.organisations.services import RESERVED_REFS
from terreau.records.fields import Field, Type
from terreau.records.kind import ModelKind
from terreau.search.engine import Document


class OrganisationKind(ModelKind):
    def after_save(
        self, *, created: list[tuple[Organisation, dict]], updated: list[int], author=None
    ) -> list[Document]:
        """Organisations are found by the directory's search like projects are."""
        from terreau.search import documents, engine

        rows = [row for row, _record in created]
        changed = list(
            Organisation.objects.filter(pk__in=updated).select_related("territory", "legal_form")
        )
        rows += changed
        prefetch_related_objects(rows, "actor_types")
        engine.remove_documents("organisation", [row.pk for row in changed if row.is_hidden])
        return [documents.organisation_document(row) for row in rows if not row.is_hidden]


KIND = OrganisationKind(
    name="organisations",
    model=Organisation,
    fields=(
        Field("ref", Type.REF, required=True, max_length=100),
        Field("name", Type.LINE, required=True, max_length=200),
        Field("actor_types", Type.CODES, lookup="actor_type"),
        Field("summary", Type.LINE, max_length=300),
        Field("description", Type.TEXT),
        Field("territory", Type.CODE, lookup="territory"),
        Field("legal_form", Type.CODE, lookup="legal_form"),
        Field("website", Type.URL, max_length=200),
    ),
    located=True,
    many={"actor_types": "actor_types"},
    reserved_refs=RESERVED_REFS,
)
