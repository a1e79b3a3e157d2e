import io

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from terreau.content.images import (
    MAX_BYTES,
    MAX_WIDTH,
    ImageRejected,
    ImageUploadField,
    clean_image_upload,
    reencode_image,
)


def encoded(format: str, size=(40, 30), mode="RGB", color="green", **options) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format=format, **options)
    return buffer.getvalue()


def camera_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # Make
    exif[0x0131] = "SecretCam 1.0"  # Software
    exif[0x0112] = orientation
    return exif


def test_a_jpeg_png_or_webp_image_is_accepted_in_its_own_format():
    for format in ("JPEG", "PNG", "WEBP"):
        image = reencode_image(encoded(format))
        assert image.format == format
        assert Image.open(io.BytesIO(image.content)).format == format


def test_exif_metadata_is_stripped_from_a_jpeg():
    original = encoded("JPEG", exif=camera_exif())
    assert b"SecretCam" in original

    image = reencode_image(original)

    assert b"SecretCam" not in image.content
    assert dict(Image.open(io.BytesIO(image.content)).getexif()) == {}


def test_exif_metadata_is_stripped_from_png_and_webp():
    for format in ("PNG", "WEBP"):
        original = encoded(format, exif=camera_exif())
        assert b"SecretCam" in original
        assert b"SecretCam" not in reencode_image(original).content


def test_the_orientation_tag_is_applied_to_the_pixels_before_it_is_dropped():
    # Orientation 6: the camera was turned; the picture is shown rotated a quarter turn.
    image = reencode_image(encoded("JPEG", size=(40, 30), exif=camera_exif(6)))
    assert (image.width, image.height) == (30, 40)


def test_a_wide_image_is_scaled_down_keeping_its_proportions():
    image = reencode_image(encoded("PNG", size=(MAX_WIDTH * 2, 100)))
    assert (image.width, image.height) == (MAX_WIDTH, 50)


def test_bytes_appended_after_the_image_do_not_survive():
    payload = encoded("PNG") + b"<script>alert(1)</script>"
    assert b"<script>" not in reencode_image(payload).content


def test_palette_and_transparent_images_are_kept_usable():
    image = reencode_image(encoded("PNG", mode="P"))
    assert image.format == "PNG"
    rgba = reencode_image(encoded("WEBP", mode="RGBA", color=(0, 128, 0, 0)))
    assert Image.open(io.BytesIO(rgba.content)).mode == "RGBA"


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML_AS_JPEG = b"\xff\xd8\xff<html><script>alert(1)</script></html>"

# (what was uploaded, the code of the refusal)
REFUSED = [
    (SVG, "not_an_image"),
    (HTML_AS_JPEG, "not_an_image"),
    (b"", "not_an_image"),
    (b"just some text", "not_an_image"),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "not_an_image"),
    (encoded("GIF", mode="P"), "format"),
    (encoded("BMP"), "format"),
    (encoded("TIFF"), "format"),
    (encoded("PNG", size=(9000, 10), mode="1"), "dimensions"),
    (encoded("PNG", size=(7000, 7000), mode="1"), "dimensions"),
    (encoded("JPEG", size=(400, 400))[:-300], "damaged"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * (MAX_BYTES + 1), "too_large"),
]


@pytest.mark.parametrize(("data", "code"), REFUSED)
def test_anything_but_a_sound_jpeg_png_or_webp_is_refused_with_a_reason(data, code):
    with pytest.raises(ImageRejected) as refused:
        reencode_image(data)
    assert refused.value.code == code
    assert str(refused.value.message)


def test_an_oversized_upload_is_refused_before_being_read():
    upload = SimpleUploadedFile("big.jpg", b"0" * (MAX_BYTES + 1), content_type="image/jpeg")
    with pytest.raises(ValidationError) as refused:
        clean_image_upload(upload)
    assert refused.value.code == "too_large"
    assert "5" in refused.value.messages[0]


def test_a_cleaned_upload_gets_a_fresh_name_with_the_real_extension():
    upload = SimpleUploadedFile("../../etc/passwd.svg", encoded("WEBP"), content_type="image/svg")
    cleaned = clean_image_upload(upload)
    assert cleaned.name.endswith(".webp")
    assert "/" not in cleaned.name and "passwd" not in cleaned.name


class ImageForm(forms.Form):
    image = ImageUploadField(required=False)


def test_the_form_field_reports_a_fake_image_as_a_form_error():
    fake = SimpleUploadedFile("photo.jpg", b"not really a photo", content_type="image/jpeg")
    form = ImageForm(files={"image": fake})
    assert not form.is_valid()
    assert form.errors.as_data()["image"][0].code == "not_an_image"
    assert form.errors["image"][0]


def test_the_form_field_hands_back_the_reencoded_image():
    upload = SimpleUploadedFile("photo.jpg", encoded("JPEG", exif=camera_exif()))
    form = ImageForm(files={"image": upload})
    assert form.is_valid(), form.errors
    assert b"SecretCam" not in form.cleaned_data["image"].read()
