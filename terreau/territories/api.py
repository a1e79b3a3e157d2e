"""/api/v1/territories: the territory autocomplete and the record of one territory."""

from typing import Annotated, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from terreau.territories.lookup import MAX_QUERY_LENGTH, contexts, find_territories
from terreau.territories.models import Territory
from terreau.territories.text import printable

router = Router(tags=["territories"])

KindCode = Literal["fr", "region", "departement", "epci", "commune"]
MAX_LIMIT = 50


class TerritoryMatch(Schema):
    code: str = Field(examples=["commune:69123"])
    name: str = Field(examples=["Lyon"])
    kind: KindCode
    context: str = Field(
        description="Where it lies: département and région names.",
        examples=["Rhône, Auvergne-Rhône-Alpes"],
    )


class TerritoryMatches(Schema):
    count: int
    results: list[TerritoryMatch]


class TerritoryRef(Schema):
    code: str
    name: str


class TerritoryDetail(Schema):
    code: str
    name: str
    kind: KindCode
    population: int | None
    postal_codes: list[str]
    parents: list[TerritoryRef] = Field(
        description="Broadest first: FR, région, département, EPCI."
    )


class Error(Schema):
    detail: str


class TerritoryQuery(Schema):
    q: str = Field(
        "",
        max_length=MAX_QUERY_LENGTH,
        description="A name, a code (`region:84`, `69`, `2A`), or a postal code (`69001`).",
    )
    kind: list[KindCode] = Field(
        default_factory=list, description="Keep only these kinds (repeatable)."
    )
    limit: int = Field(10, ge=1, le=MAX_LIMIT)


@router.get("", response=TerritoryMatches, summary="Find territories")
def list_territories(request: HttpRequest, filters: Annotated[TerritoryQuery, Query()]):
    """Territories matching `q`, best first: exact postal codes and codes, exact names,
    then names starting with `q`; broader and more populated territories first."""
    territories = find_territories(filters.q, kinds=filters.kind, limit=filters.limit)
    described = contexts(territories)
    return {
        "count": len(territories),
        "results": [
            {"code": t.code, "name": t.name, "kind": t.kind, "context": described[t.code]}
            for t in territories
        ],
    }


@router.get(
    "/{code}", response={200: TerritoryDetail, 404: Error}, summary="Get a territory by code"
)
def get_territory(request: HttpRequest, code: str):
    territory = Territory.objects.get_by_code(code)
    if territory is None:
        return Status(
            404,
            {
                "detail": _("No territory has the code “%(code)s”.")
                % {"code": printable(code)[:100]}
            },
        )
    parents = Territory.objects.filter(code__in=territory.parent_codes()).broadest_first()
    return {
        "code": territory.code,
        "name": territory.name,
        "kind": territory.kind,
        "population": territory.population,
        "postal_codes": territory.postal_code_list,
        "parents": [{"code": p.code, "name": p.name} for p in parents],
    }
