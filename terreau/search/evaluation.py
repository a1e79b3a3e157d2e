"""Measuring relevance on a judged collection: nDCG@10 per query.

A collection is a directory with `projects.jsonl` (Project records of contracts.md) and
`queries.jsonl` (`qid`, `query`, `judgments` ref → grade 2 or 1, optional `filters`), like
the development set copied in tests/data/search-dev. Used by bench/search_relevance.py
and by the relevance regression test; `ndcg` is pure, the loaders write to the database.
"""

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from terreau.projects.models import Project
from terreau.search import engine
from terreau.search.documents import project_document
from terreau.territories.dataset import Dataset, read_dataset
from terreau.territories.models import Territory
from terreau.territories.services import load_territories

DEV_COLLECTION = Path(__file__).parent / "tests" / "data" / "search-dev"


@dataclass(frozen=True)
class JudgedQuery:
    qid: str
    query: str
    judgments: Mapping[str, int]
    filters: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    query: JudgedQuery
    ranked: list[str]  # refs, best first, after the query's filters
    ndcg: float


def ndcg(ranked: Sequence[str], judgments: Mapping[str, int], k: int = 10) -> float:
    """Normalised discounted cumulative gain at `k`: gain = grade, discount log2(rank + 1),
    the ideal ranking taken from every judgment."""
    dcg = sum(judgments.get(ref, 0) / math.log2(rank + 2) for rank, ref in enumerate(ranked[:k]))
    ideal = sorted(judgments.values(), reverse=True)[:k]
    best = sum(grade / math.log2(rank + 2) for rank, grade in enumerate(ideal))
    return dcg / best if best else 0.0


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def read_queries(collection: Path = DEV_COLLECTION) -> list[JudgedQuery]:
    return [
        JudgedQuery(row["qid"], row["query"], row["judgments"], row.get("filters") or {})
        for row in read_jsonl(collection / "queries.jsonl")
    ]


@transaction.atomic
def load_projects(collection: Path = DEV_COLLECTION) -> dict[int, str]:
    """Create the collection's projects (with the territories they need) and index them;
    answers project id → ref."""
    records = read_jsonl(collection / "projects.jsonl")
    _load_territories({record["territory"] for record in records if record.get("territory")})
    territories = Territory.objects.in_bulk()
    refs = {}
    for record in records:
        project = Project(
            ref=record["ref"],
            name=record["name"],
            summary=record.get("summary", ""),
            description=record.get("description", ""),
            beneficiaries=record.get("beneficiaries", ""),
            stage_id=record.get("stage"),
            year_started=record.get("year_started"),
            legal_form_id=record.get("legal_form"),
            published=record.get("published", True),
        )
        project.place(territories.get(record.get("territory")))
        project.save()
        project.domains.set(record.get("domains", []))
        refs[project.pk] = project.ref
    projects = Project.objects.select_related("stage", "territory", "organisation")
    engine.index_documents(
        project_document(project) for project in projects.prefetch_related("domains")
    )
    return refs


def _load_territories(codes: set[str]) -> None:
    """Only the territories the collection uses, and their ancestors: fast and real."""
    dataset = read_dataset()
    wanted = set(codes)
    for row in dataset.rows:
        if row.code in codes:
            wanted.update(code for code in (row.region, row.departement, row.epci) if code)
    rows = [row for row in dataset.rows if row.code in wanted or row.code == "FR"]
    load_territories(dataset=Dataset(version=f"{dataset.version}:subset", rows=rows))


def evaluate(queries: Sequence[JudgedQuery], refs: Mapping[int, str]) -> list[Outcome]:
    """Run each query through the engine, apply its filters as the directory does, and
    score the first ten results."""
    outcomes = []
    for judged in queries:
        ranked = [record_id for record_id, _ in engine.ranked_ids("project", judged.query)]
        kept = _filtered(ranked, judged.filters)
        refs_ranked = [refs[record_id] for record_id in ranked if record_id in kept]
        outcomes.append(Outcome(judged, refs_ranked, ndcg(refs_ranked, judged.judgments)))
    return outcomes


def _filtered(ids: list[int], filters: Mapping[str, object]) -> set[int]:
    projects = Project.objects.filter(pk__in=ids)
    if domains := _listed(filters.get("domain")):
        projects = projects.filter(domains__in=domains)
    if stages := _listed(filters.get("stage")):
        projects = projects.filter(stage_id__in=stages)
    if territory := filters.get("territory"):
        projects = projects.located_in(Territory.objects.get(pk=territory))
    return set(projects.values_list("pk", flat=True))


def _listed(value) -> list[str]:
    """A filter given as one code or a list of codes."""
    if not value:
        return []
    return [value] if isinstance(value, str) else list(value)
