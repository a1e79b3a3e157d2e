"""/api/v1/projects: the public directory of projects and each project's record."""

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from terreau.directory import queries
from terreau.directory.api import (
    DirectoryFilters,
    DirectoryList,
    Error,
    TerritoryOut,
    list_response,
    territory,
)
from terreau.projects.models import Project
from terreau.projects.permissions import get_project_for_user

router = Router(tags=["projects"])


class OrganisationRef(Schema):
    ref: str
    name: str


class ProjectFilters(DirectoryFilters):
    domain: list[str] = Field([], description="Domain codes (repeatable: any of them).")
    stage: list[str] = Field([], description="Stage codes (repeatable: any of them).")


class ProjectOut(Schema):
    ref: str
    name: str
    summary: str
    domains: list[str] = Field(description="Domain codes.")
    stage: str | None = Field(description="Stage code.")
    territory: TerritoryOut | None
    organisation: OrganisationRef | None
    url: str = Field(description="The project's public page.")
    updated_at: datetime


class ProjectRecord(ProjectOut):
    description: str = Field(description="Markdown.")
    year_started: int | None
    legal_form: str | None = Field(description="Legal form code.")
    website: str
    beneficiaries: str
    funding_need: int | None = Field(description="Euros sought now.")
    published: bool
    links: list[dict]
    team: list[dict]
    image: str | None = Field(description="Absolute URL of the image.")
    image_alt: str
    created_at: datetime


def _organisation(project: Project) -> dict | None:
    if project.organisation_id is None:
        return None
    return {"ref": project.organisation.ref, "name": project.organisation.name}


def _result(request: HttpRequest, project: Project) -> dict:
    return {
        "ref": project.ref,
        "name": project.name,
        "summary": project.summary,
        "domains": sorted(domain.pk for domain in project.domains.all()),
        "stage": project.stage_id,
        "territory": territory(project),
        "organisation": _organisation(project),
        "url": request.build_absolute_uri(project.get_absolute_url()),
        "updated_at": project.updated_at,
    }


@router.get(
    "", response={200: DirectoryList[ProjectOut], 400: Error}, summary="List and search projects"
)
def list_projects(request: HttpRequest, filters: Query[ProjectFilters]):
    """Published projects, filtered, searched and paginated, with facet counts."""
    return list_response(request, queries.PROJECTS, _result)


@router.get("/{ref}", response={200: ProjectRecord, 404: Error}, summary="A project's record")
def get_project(request: HttpRequest, ref: str):
    """The whole record of a project, with codes. Drafts and hidden projects answer 404
    unless the signed-in user may see them."""
    project = get_project_for_user(request.user, ref)
    record = project.to_record()
    image = record.pop("image")
    return {
        **record,
        **_result(request, project),
        "image": request.build_absolute_uri(project.image.url) if image else None,
        "created_at": project.created_at,
    }
