"""The examples of docs/api.md, run against the test client: the docs stay true."""

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import make_organisation, make_project

DOC = Path(__file__).resolve().parents[3] / "docs" / "api.md"
EXAMPLE = re.compile(r'```sh\ncurl "([^"]+)"\n```\s*```json\n(.*?)\n```', re.S)
# Fields whose documented value must be the real one (not the dates, nor the host).
STABLE = {
    "ref", "name", "domains", "stage", "territory", "organisation", "actor_types", "legal_form",
    "published", "count",
}  # fmt: skip


def examples():
    found = EXAMPLE.findall(DOC.read_text())
    assert len(found) >= 6
    return [pytest.param(url, json.loads(body), id=urlsplit(url).path) for url, body in found]


@pytest.fixture
def documented_data(published_project, small_map):
    from terreau.search import documents, engine

    make_project("autre", "Autre projet", small_map["commune:75056"], domains=["sante"])
    make_organisation("autre-asso", "Autre", small_map["commune:75056"], "association")
    engine.index_documents([documents.project_document(published_project)])


def check(documented, real):
    for key, value in documented.items():
        assert key in real, key
        if key in STABLE:
            assert real[key] == value, key
        if key == "results":
            assert len(real[key]) >= len(value)
            for shown, actual in zip(value, real[key], strict=False):
                check(shown, actual)
        if key == "detail" and isinstance(value, list):
            assert [d["loc"] for d in real[key]] == [d["loc"] for d in value]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "documented"), examples())
def test_every_example_of_the_api_docs_answers_as_documented(
    client, documented_data, url, documented
):
    parts = urlsplit(url)
    response = client.get(f"{parts.path}?{parts.query}" if parts.query else parts.path)
    if "detail" in documented:
        assert 400 <= response.status_code < 500
    else:
        assert response.status_code == 200, response.content
    check(documented, response.json())
