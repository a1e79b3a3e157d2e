import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder, never into var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def jpeg_bytes(size=(64, 48), exif: Image.Exif | None = None) -> bytes:
    buffer = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, "orange").save(buffer, "JPEG", **options)
    return buffer.getvalue()


@pytest.fixture
def image_file():
    return ContentFile(jpeg_bytes(), name="garden.jpg")
