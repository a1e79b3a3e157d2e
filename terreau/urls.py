from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from terreau.api import api

urlpatterns = [
    path("", include("terreau.pages.urls")),
    # The directories (/projets/, /organisations/ and their maps) come before the
    # record pages mounted under the same prefixes.
    path("", include("terreau.directory.urls")),
    path("comptes/", include("terreau.accounts.urls")),
    path("organisations/", include("terreau.organisations.urls")),
    path("projets/", include("terreau.projects.urls")),
    path("territoires/", include("terreau.territories.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

if settings.DEBUG or settings.SERVE_MEDIA:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
