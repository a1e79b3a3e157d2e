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
