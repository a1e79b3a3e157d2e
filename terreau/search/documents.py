"""What the search index holds for each kind of record: one `Document` per record.

The title is the record's name (it weighs most); the summary adds who the project serves;
the body carries everything else a searcher may type: the description, the vocabulary
labels in French, the places (commune, département, région) and the organisation.
Callers index inside their write transaction:
`engine.index_documents([project_document(project)])`.
"""

import re

from terreau.search.engine import Document
from terreau.territories.models import Territory

# Web addresses add only noise ("https", "www") to a description's words.
_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+")


def compose(kind: str, id: int, *, title: str, summary=(), body=()) -> Document:
    """A document from the parts of each field (empty parts are skipped)."""
    return Document(
        kind=kind,
        id=id,
        title=title,
        summary="\n".join(part for part in summary if part),
        body=_URL.sub(" ", "\n".join(part for part in body if part)),
    )


_ancestor_names: dict[str, str] = {}


def _territory_name(code: str) -> str:
    """Name of a région or département: a few hundred, rarely renamed, so remembered."""
    if code not in _ancestor_names:
        name = Territory.objects.filter(code=code).values_list("name", flat=True).first()
        if not name:
            return ""
        _ancestor_names[code] = name
    return _ancestor_names[code]


def _places(record) -> list[str]:
    """The record's territory and the département and région containing it."""
    if record.territory_id is None:
        return []
    names = [record.territory.name]
    for code in (record.in_departement, record.in_region):
        if code and code != record.territory_id:
            names.append(_territory_name(code))
    return names


def project_document(project) -> Document:
    """The searchable text of a project (prefetch `domains`, select `stage`, `territory`
    and `organisation` when indexing many)."""
    return compose(
        "project",
        project.pk,
        title=project.name,
        summary=(project.summary, project.beneficiaries),
        body=(
            project.description,
            *(domain.label_fr for domain in project.domains.all()),
            project.stage.label_fr if project.stage_id else "",
            *_places(project),
            project.organisation.name if project.organisation_id else "",
        ),
    )


def organisation_document(organisation) -> Document:
    """The searchable text of an organisation (prefetch `actor_types`, select
    `territory` and `legal_form` when indexing many)."""
    return compose(
        "organisation",
        organisation.pk,
        title=organisation.name,
        summary=(organisation.summary,),
        body=(
            organisation.description,
            *(actor_type.label_fr for actor_type in organisation.actor_types.all()),
            organisation.legal_form.label_fr if organisation.legal_form_id else "",
            *_places(organisation),
        ),
    )
