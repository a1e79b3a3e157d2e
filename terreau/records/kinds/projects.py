"""Projects in the record format of contracts.md."""

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _

from terreau.organisations.models import Organisation
from terreau.projects.models import Project, ProjectRevision
from terreau.projects.services import RESERVED_REFS, snapshot
from terreau.records.bulk import insert_dicts
from terreau.records.fields import Field, Type
from terreau.records.kind import ModelKind, Relation
from terreau.search.engine import Document

# The largest funding need a record may state, in euros (a typo guard, and far below
# the column's limit).
MAX_FUNDING_NEED = 10**12


def created_snapshots(created: list[tuple[Project, dict]]) -> list[dict]:
    """`snapshot(project)` of projects just created from records, reading the domains of
    only one of them back: what a snapshot holds beyond the record (links, team, image,
    moderation) is the default of every new project (a test keeps both equal)."""
    if not created:
        return []
    defaults = snapshot(created[0][0])
    return [{**defaults, **record} for _project, record in created]


class ProjectKind(ModelKind):
    def after_save(
        self, *, created: list[tuple[Project, dict]], updated: list[int], author=None
    ) -> list[Document]:
        """The same rules as an edit, in bulk: every written project gets a line in its
        history, and only public projects are searchable."""
        from terreau.search import documents, engine

        changed = list(
            Project.objects.filter(pk__in=updated)
            .select_related("organisation", "stage", "territory")
            .prefetch_related("domains")
        )
        new = [project for project, _record in created]
        # New rows already hold their stage, territory and organisation; the search
        # documents read their domains, fetched for all of them in one query.
        prefetch_related_objects(new, "domains")
        states = list(zip(new, created_snapshots(created), strict=True))
        states += [(project, snapshot(project)) for project in changed]
        summary = _("Imported")
        insert_dicts(
            ProjectRevision,
            [
                {
                    "project_id": project.pk,
                    "version": project.version,
                    "author_id": author.pk if author else None,
                    "summary": summary,
                    "snapshot": state,
                }
                for project, state in states
            ],
        )
        engine.remove_documents(
            "project", [project.pk for project in changed if not project.is_public]
        )
        return [
            documents.project_document(project) for project, _state in states if project.is_public
        ]


KIND = ProjectKind(
    name="projects",
    model=Project,
    fields=(
        Field("ref", Type.REF, required=True, max_length=100),
        Field("name", Type.LINE, required=True, max_length=200),
        Field("summary", Type.LINE, max_length=300),
        Field("description", Type.TEXT),
        Field("domains", Type.CODES, lookup="domain"),
        Field("stage", Type.CODE, lookup="stage"),
        Field("territory", Type.CODE, lookup="territory"),
        Field("organisation", Type.REFERENCE, lookup="organisation"),
        Field("year_started", Type.YEAR),
        Field("legal_form", Type.CODE, lookup="legal_form"),
        Field("website", Type.URL, max_length=200),
        Field("beneficiaries", Type.LINE, max_length=500),
        Field("funding_need", Type.INTEGER, maximum=MAX_FUNDING_NEED),
        Field("published", Type.BOOLEAN, default=True),
    ),
    located=True,
    many={"domains": "domains"},
    relations={"organisation": Relation(Organisation, "organisation_id")},
    reserved_refs=RESERVED_REFS,
)
