"""What the directory lists of the API share (/api/v1/projects, /api/v1/organisations): the
envelope `{"count", "results", "facets"}`, the facets, the errors, and the one call that
answers a list through the same query module as the HTML pages."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema, Status

from terreau.directory import queries


class TerritoryOut(Schema):
    code: str = Field(examples=["commune:69123"])
    name: str = Field(examples=["Lyon"])


class FacetValue(Schema):
    code: str
    label: str
    count: int


class ErrorItem(Schema):
    loc: list[str] = Field(examples=[["query", "domain"]])
    msg: str = Field(examples=["Unknown code: logements."])


class Error(Schema):
    detail: list[ErrorItem] | str


class DirectoryList[Result](Schema):
    count: int = Field(description="How many results in all pages.")
    results: list[Result]
    facets: dict[str, list[FacetValue]] = Field(
        description="Per facet (`domain`, `stage`, `region` for projects; `actor_type`, "
        "`region` for organisations), each value's count over the current results without "
        "that facet's own filter (the `territory` filter for `region`)."
    )


class DirectoryFilters(Schema):
    """The filters of every directory list (checked again, with clear messages, by
    `queries.parse`; declared here for the OpenAPI document)."""

    q: str | None = Field(
        None,
        description="French full-text search: case, accents and inflections do not matter; "
        "results are ranked by relevance.",
        max_length=queries.MAX_QUERY_LENGTH,
    )
    territory: str | None = Field(
        None,
        description="A territory code (FR, region:84, departement:69, epci:200046977, "
        "commune:69123): every record inside it.",
    )
    sort: queries.Sort | None = Field(None, description="Default: relevance with `q`, else newest.")
    page: int = Field(1, ge=1, le=queries.MAX_PAGE)
    page_size: int = Field(queries.DEFAULT_PAGE_SIZE, ge=1, le=queries.MAX_PAGE_SIZE)


def territory(record: Any) -> dict | None:
    if record.territory_id is None:
        return None
    return {"code": record.territory_id, "name": record.territory.name}


def list_response(
    request: HttpRequest, kind: str, result: Callable[[HttpRequest, Any], dict]
) -> Status:
    """The answer to a directory list: 400 naming each faulty parameter, or the
    page of results (each made by `result`) with its count and facets."""
    try:
        query = queries.parse(kind, request.GET)
    except queries.InvalidQuery as invalid:
        return Status(400, error_body(invalid))
    results = queries.run(query)
    return Status(
        200,
        {
            "count": results.count,
            "results": [result(request, record) for record in results.records],
            "facets": {
                facet.key: [
                    {"code": option.code, "label": option.label, "count": option.count}
                    for option in facet.options
                ]
                for facet in results.facets
            },
        },
    )


def error_body(invalid: queries.InvalidQuery) -> dict:
    return {
        "detail": [
            {"loc": ["query", name], "msg": message} for name, message in invalid.errors.items()
        ]
    }
