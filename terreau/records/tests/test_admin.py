"""The import page of the administration site: staff only, dry-run preview, then confirm."""

import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from terreau.projects.models import Project
from terreau.records.models import ImportBatch

pytestmark = pytest.mark.usefixtures("records_world")
URL = reverse("admin:records_importbatch_import")


@pytest.fixture(autouse=True)
def forget_uploaded_files(db):
    yield
    for batch in ImportBatch.objects.exclude(file=""):
        batch.file.delete(save=False)


def upload(*records, name="projets.jsonl") -> SimpleUploadedFile:
    body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
    return SimpleUploadedFile(name, body, content_type="application/octet-stream")


def english(**options) -> Client:
    return Client(headers={"accept-language": "en"}, **options)


def logged_in(user) -> Client:
    client = english()
    client.force_login(user)
    return client


GOOD = [{"ref": "atelier-velo", "name": "Atelier vélo"}, {"ref": "repair", "name": "Repair café"}]


def test_anonymous_visitors_and_non_staff_users_are_sent_to_the_admin_login(outsider):
    for client in (english(), logged_in(outsider)):
        response = client.get(URL)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
        response = client.post(URL, {"kind": "projects", "file": upload(*GOOD)})
        assert response.status_code == 302
    assert not ImportBatch.objects.exists() and not Project.objects.exists()


def test_staff_without_the_import_permission_are_refused(outsider):
    outsider.is_staff = True
    outsider.save()
    assert logged_in(outsider).get(URL).status_code == 403
    outsider.user_permissions.add(Permission.objects.get(codename="add_importbatch"))
    assert logged_in(outsider).get(URL).status_code == 200


def test_the_history_of_imports_links_to_the_import_page(platform_admin):
    response = logged_in(platform_admin).get(reverse("admin:records_importbatch_changelist"))
    assert response.status_code == 200
    assert URL in response.content.decode()


def test_an_operator_previews_a_file_then_confirms_the_import(platform_admin):
    client = logged_in(platform_admin)
    page = client.get(URL).content.decode()
    assert 'name="file"' in page and 'name="kind"' in page

    response = client.post(URL, {"kind": "projects", "file": upload(*GOOD)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Preview of projets.jsonl: nothing is written yet" in page
    assert "<dt>To create</dt><dd>2</dd>" in page
    assert "Atelier vélo" in page and "repair" in page
    assert not Project.objects.exists()
    preview = ImportBatch.objects.get()
    assert (preview.dry_run, preview.created, preview.source) == (True, 2, "admin")
    assert Path(preview.file.path).read_text().startswith('{"ref": "atelier-velo"')
    assert f'name="batch" value="{preview.pk}"' in page

    response = client.post(URL, {"batch": preview.pk})
    assert response.status_code == 302
    assert sorted(Project.objects.values_list("ref", flat=True)) == ["atelier-velo", "repair"]
    batch = ImportBatch.objects.get()
    assert (batch.dry_run, batch.created, batch.user) == (False, 2, platform_admin)
    assert batch.finished_at is not None

    # A second confirmation (a double click, a reload) imports nothing more.
    response = client.post(URL, {"batch": preview.pk}, follow=True)
    assert "already imported" in response.content.decode()
    assert Project.objects.count() == 2 and ImportBatch.objects.count() == 1


def test_an_invalid_file_shows_every_error_and_keeps_nothing(platform_admin):
    records = [*GOOD, {"ref": "x", "name": "X", "stage": "adulte"}, {"ref": "y"}]
    response = logged_in(platform_admin).post(URL, {"kind": "projects", "file": upload(*records)})
    page = response.content.decode()
    assert "projets.jsonl has 2 errors: nothing can be imported" in page
    assert "projets.jsonl:3: stage: unknown code “adulte”" in page
    assert "projets.jsonl:4: name: this field is required" in page
    assert 'name="file"' in page  # the form again
    assert not ImportBatch.objects.exists() and not Project.objects.exists()


def test_a_file_of_the_wrong_type_is_refused_clearly(platform_admin):
    bad = SimpleUploadedFile("notes.txt", b"ref,name\n")
    page = logged_in(platform_admin).post(URL, {"kind": "projects", "file": bad}).content
    assert "notes.txt:1: file: unsupported file type “.txt”" in page.decode()


def test_a_bogus_confirmation_is_refused_without_an_error_page(platform_admin):
    client = logged_in(platform_admin)
    for value in ("abc", "999", ""):
        response = client.post(URL, {"batch": value}, follow=True)
        assert response.status_code == 200
        assert "no longer exists" in response.content.decode()


def test_the_import_page_needs_its_csrf_token(platform_admin):
    client = english(enforce_csrf_checks=True)
    client.force_login(platform_admin)
    response = client.post(URL, {"kind": "projects", "file": upload(*GOOD)})
    assert response.status_code == 403
    assert not ImportBatch.objects.exists()


def test_confirming_a_preview_whose_file_is_gone_says_so(platform_admin):
    client = logged_in(platform_admin)
    client.post(URL, {"kind": "projects", "file": upload(*GOOD)})
    preview = ImportBatch.objects.get()
    preview.file.delete(save=False)
    page = client.post(URL, {"batch": preview.pk}).content.decode()
    assert "projets.jsonl:1: file: the uploaded file is gone: upload it again" in page
    assert not Project.objects.exists()
