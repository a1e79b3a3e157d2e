"""`terreau reindex [projects|organisations]`: rebuild the search index from the records."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from terreau.organisations.models import Organisation
from terreau.projects.models import Project
from terreau.search import engine
from terreau.search.documents import organisation_document, project_document

CHUNK = 2000


def _projects():
    records = (
        Project.objects.published()
        .select_related("stage", "territory", "organisation")
        .prefetch_related("domains")
        .order_by("pk")
    )
    return "project", (project_document(p) for p in records.iterator(chunk_size=CHUNK))


def _organisations():
    records = (
        Organisation.objects.listed()
        .select_related("territory", "legal_form")
        .prefetch_related("actor_types")
        .order_by("pk")
    )
    return "organisation", (organisation_document(o) for o in records.iterator(chunk_size=CHUNK))


SOURCES = {"projects": _projects, "organisations": _organisations}


class Command(BaseCommand):
    help = "Rebuild the search index of projects, organisations, or both."

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", choices=sorted(SOURCES), metavar="KIND")

    def handle(self, *args, kinds, **options):
        chosen = kinds or sorted(SOURCES)
        with transaction.atomic():
            # The lexicon is shared by every kind: rebuilt only with the whole index.
            if not kinds:
                engine.clear()
            for name in chosen:
                started = time.perf_counter()
                kind, documents = SOURCES[name]()
                if kinds:
                    engine.clear(kind)
                count = engine.index_documents(documents)
                self.stdout.write(
                    _("%(kind)s: %(count)s indexed in %(seconds).1f s")
                    % {"kind": name, "count": count, "seconds": time.perf_counter() - started}
                )
