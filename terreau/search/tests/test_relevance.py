"""A regression guard on the development collection (tests/data/search-dev): the mean
nDCG@10 of its 25 judged queries must stay above a floor a few points under what the
engine reaches (0.906 on SQLite, 0.901 on PostgreSQL when this was written).
bench/search_relevance.py prints the figure of each query."""

import pytest

from terreau.search import evaluation

FLOOR = 0.86

pytestmark = pytest.mark.django_db


def test_the_mean_ndcg_at_10_of_the_development_collection_stays_above_its_floor():
    refs = evaluation.load_projects()
    outcomes = evaluation.evaluate(evaluation.read_queries(), refs)
    assert len(outcomes) == 25
    mean = sum(outcome.ndcg for outcome in outcomes) / len(outcomes)
    weakest = sorted(outcomes, key=lambda outcome: outcome.ndcg)[:3]
    assert mean >= FLOOR, [(o.query.qid, round(o.ndcg, 3)) for o in weakest]


@pytest.mark.parametrize(
    ("ranked", "judgments", "expected"),
    [
        (["a", "b"], {"a": 2, "b": 1}, 1.0),
        (["b", "a"], {"a": 2, "b": 1}, (1 + 2 / 1.5849625) / (2 + 1 / 1.5849625)),
        (["x", "y"], {"a": 2}, 0.0),
        ([], {"a": 2}, 0.0),
        (["a"], {}, 0.0),
    ],
)
def test_ndcg_discounts_gains_by_rank_against_the_ideal_ranking(ranked, judgments, expected):
    assert evaluation.ndcg(ranked, judgments) == pytest.approx(expected)
