"""/api/v1/organisations: the public directory of organisations."""

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
from terreau.organisations.models import Organisation
from terreau.organisations.permissions import Action, get_organisation_for_user

router = Router(tags=["organisations"])


class OrganisationFilters(DirectoryFilters):
    actor_type: list[str] = Field([], description="Actor type codes (repeatable: any of them).")


class OrganisationOut(Schema):
    ref: str
    name: str
    summary: str
    actor_types: list[str] = Field(description="Actor type codes.")
    territory: TerritoryOut | None
    url: str = Field(description="The organisation's public page.")
    updated_at: datetime


class OrganisationRecord(OrganisationOut):
    description: str = Field(description="Markdown.")
    legal_form: str | None = Field(description="Legal form code.")
    website: str
    logo: str | None = Field(description="Absolute URL of the logo.")
    created_at: datetime


def _result(request: HttpRequest, organisation: Organisation) -> dict:
    return {
        "ref": organisation.ref,
        "name": organisation.name,
        "summary": organisation.summary,
        "actor_types": sorted(actor_type.pk for actor_type in organisation.actor_types.all()),
        "territory": territory(organisation),
        "url": request.build_absolute_uri(organisation.get_absolute_url()),
        "updated_at": organisation.updated_at,
    }


@router.get(
    "",
    response={200: DirectoryList[OrganisationOut], 400: Error},
    summary="List and search organisations",
)
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilters]):
    """Listed organisations, filtered, searched and paginated, with facet counts."""
    return list_response(request, queries.ORGANISATIONS, _result)


@router.get(
    "/{ref}", response={200: OrganisationRecord, 404: Error}, summary="An organisation's record"
)
def get_organisation(request: HttpRequest, ref: str):
    """The whole record of an organisation, with codes. A hidden organisation answers 404
    unless the signed-in user may see it (its members, moderators)."""
    organisation = get_organisation_for_user(request.user, ref, action=Action.VIEW)
    return {
        **_result(request, organisation),
        "description": organisation.description,
        "legal_form": organisation.legal_form_id,
        "website": organisation.website,
        "logo": request.build_absolute_uri(organisation.logo.url) if organisation.logo else None,
        "created_at": organisation.created_at,
    }
