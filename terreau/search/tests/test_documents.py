from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from terreau.search import engine
from terreau.search.documents import organisation_document, project_document

pytestmark = pytest.mark.django_db


def ids(kind: str, query: str) -> list[int]:
    return [record_id for record_id, _ in engine.ranked_ids(kind, query)]


def test_a_project_document_carries_labels_places_and_organisation(published_project):
    published_project.beneficiaries = "Étudiants et retraités"
    published_project.description = "Voir https://example.org/maison pour **tout** savoir."
    document = project_document(published_project)
    assert (document.kind, document.id) == ("project", published_project.pk)
    assert document.title == "Maison des générations"
    assert "Étudiants et retraités" in document.summary
    for text in ("Logement et habitat", "Vieillissement et autonomie", "Expérimentation"):
        assert text in document.body
    for place in ("Lyon", "Rhône", "Auvergne-Rhône-Alpes"):
        assert place in document.body
    assert "Habitat Partagé" in document.body
    assert "example.org" not in document.body


def test_a_project_is_found_by_its_place_domain_and_organisation(published_project):
    engine.index_documents([project_document(published_project)])
    for query in ("Rhône", "lyon", "vieillissement", "habitat partagé", "expérimentation"):
        assert ids("project", query) == [published_project.pk], query


def test_an_organisation_document_carries_its_actor_types_and_places(holder_organisation):
    holder_organisation.summary = "Des colocations solidaires."
    document = organisation_document(holder_organisation)
    assert (document.kind, document.title) == ("organisation", "Habitat Partagé")
    assert document.summary == "Des colocations solidaires."
    assert "Association" in document.body
    assert "Lyon" in document.body


def test_reindex_indexes_published_projects_and_listed_organisations_only(
    published_project, holder_organisation, small_map
):
    from terreau.projects.models import Project

    draft = Project(ref="brouillon", name="Brouillon des générations", published=False)
    draft.place(small_map["commune:69123"])
    draft.save()
    engine.index_documents([engine.Document("project", 999_999, "Générations disparues")])
    out = StringIO()
    with translation.override("en"):
        call_command("reindex", stdout=out)
    assert ids("project", "générations") == [published_project.pk]
    assert ids("organisation", "habitat") == [holder_organisation.pk]
    assert "projects: 1 indexed" in out.getvalue()
    assert "organisations: 1 indexed" in out.getvalue()


def test_reindexing_one_kind_leaves_the_other_alone(published_project, holder_organisation):
    engine.index_documents([organisation_document(holder_organisation)])
    engine.index_documents([engine.Document("project", 999_999, "Générations disparues")])
    call_command("reindex", "projects", stdout=StringIO())
    assert ids("project", "générations") == [published_project.pk]
    assert ids("organisation", "habitat") == [holder_organisation.pk]


def test_reindex_refuses_an_unknown_kind():
    with pytest.raises(Exception, match="invalid choice"):
        call_command("reindex", "spaceships", stdout=StringIO())
