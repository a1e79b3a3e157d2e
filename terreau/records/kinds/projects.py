"""Projects in the record format of contracts.md."""

from django.utils.translation import gettext as _

from terreau.organisations.models import Organisation
from terreau.projects.models import Project, ProjectRevision
from terreau.projects.services import RESERVED_REFS, snapshot
from terreau.records.fields import Field, Type
from terreau.records.kind import ModelKind, Relation, insert_rows

# The largest funding need a record may state, in euros (a typo guard, and far below
# the column's limit).
MAX_FUNDING_NEED = 10**12


def created_snapshot(project: Project, record: dict) -> dict:
    """`snapshot(project)` of a project just created from `record`, without reading
    its domains back from the database (a test keeps both equal)."""
    return {
        **record,
        "links": list(project.links),
        "team": list(project.team),
        "image": project.image.name or None,
        "image_alt": project.image_alt,
        "hidden": project.is_hidden,
    }


class ProjectKind(ModelKind):
    def after_save(
        self, *, created: list[tuple[Project, dict]], updated: list[int], author=None
    ) -> None:
        """The same rules as an edit, in bulk: every written project gets a line in its
        history, and only public projects are searchable."""
        from terreau.search import documents, engine

        changed = list(
            Project.objects.filter(pk__in=updated)
            .select_related("organisation", "stage", "territory")
            .prefetch_related("domains")
        )
        states = [(project, created_snapshot(project, record)) for project, record in created]
        states += [(project, snapshot(project)) for project in changed]
        summary = _("Imported")
        insert_rows(
            ProjectRevision,
            [
                ProjectRevision(
                    project=project,
                    version=project.version,
                    author=author,
                    summary=summary,
                    snapshot=state,
                )
                for project, state in states
            ],
        )
        engine.index_documents(
            documents.project_document(project) for project, _state in states if project.is_public
        )
        engine.remove_documents(
            "project", [project.pk for project, _state in states if not project.is_public]
        )


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
