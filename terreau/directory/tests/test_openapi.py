"""The API's OpenAPI document and its docs page.

The committed snapshot (openapi.json beside this file) makes every change of the public
API visible in review: when a change is intended, write the new snapshot with

    TERREAU_UPDATE_SNAPSHOTS=1 .venv/bin/pytest terreau/directory/tests/test_openapi.py

and commit it with the change.
"""

import json
import os
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

SNAPSHOT = Path(__file__).with_name("openapi.json")

pytestmark = pytest.mark.django_db


def test_the_openapi_document_matches_the_committed_snapshot(client):
    response = client.get("/api/v1/openapi.json", headers={"accept-language": "en"})
    assert response.status_code == 200
    document = response.json()
    if os.environ.get("TERREAU_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(
            json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        )
    assert document == json.loads(SNAPSHOT.read_text()), (
        "The public API changed. If you meant it, rewrite the snapshot: "
        "TERREAU_UPDATE_SNAPSHOTS=1 .venv/bin/pytest terreau/directory/tests/test_openapi.py"
    )


def test_the_directory_endpoints_are_documented(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ["/api/v1/projects", "/api/v1/projects/{ref}", "/api/v1/organisations"]:
        assert "get" in paths[path], path
    parameters = {p["name"] for p in paths["/api/v1/projects"]["get"]["parameters"]}
    assert parameters == {"q", "domain", "stage", "territory", "sort", "page", "page_size"}


def test_the_docs_page_works_offline_under_the_content_security_policy(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    # Every script is a file of ours or an inert JSON data block; nothing from elsewhere.
    for script in re.findall(r"<script[^>]*>", html):
        assert 'src="/static/' in script or 'type="application/json"' in script, script
    assert "style=" not in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    for path in re.findall(r"""(?:src|href)="/static/([^"]+)\"""", html):
        assert finders.find(path), path
