"""The public HTTP API (/api/v1/): one NinjaAPI, each app contributing its router."""

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import ValidationError

api = NinjaAPI(
    title="Terreau API",
    version="1",
    description="Open data of the social innovation ecosystem: projects, organisations, territories.",
    urls_namespace="api",
)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError):
    # Keep the contract's shape: 4xx with a `detail`, listing every faulty parameter.
    return api.create_response(request, {"detail": exc.errors}, status=422)


def _mount() -> None:
    from terreau.organisations.api import router as organisations
    from terreau.projects.api import router as projects
    from terreau.territories.api import router as territories

    api.add_router("/projects", projects)
    api.add_router("/organisations", organisations)
    api.add_router("/territories", territories)


_mount()
