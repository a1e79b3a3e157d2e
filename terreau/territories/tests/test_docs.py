"""The API examples of docs/territories.md, run against the small map."""

import json
import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[3] / "docs" / "territories.md"
EXAMPLES = re.findall(
    r"```http\nGET (\S+)\n```\n\n```json\n(.*?)\n```", DOC.read_text(encoding="utf-8"), re.S
)


def test_the_page_has_examples():
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize(("path", "expected"), EXAMPLES, ids=[path for path, _ in EXAMPLES])
def test_each_documented_example_answers_as_written(client, small_map, path, expected):
    response = client.get(path)
    assert response.status_code == 200
    assert response.json() == json.loads(expected)
