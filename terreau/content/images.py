"""Uploaded images: validated, then re-encoded before anything is stored.

Re-encoding from decoded pixels is what makes an upload safe to serve: it drops EXIF
(GPS position, camera serial…) and any payload hidden in the file, and it bounds the size
readers download. `reencode_image` is pure (bytes in, bytes out); `clean_image_upload`
and `ImageUploadField` adapt it to Django uploads and forms.
"""

import io
import uuid
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
# Decoded size guard (decompression bombs): checked from the header, before decoding.
MAX_SIDE = 8000
MAX_PIXELS = 40_000_000
# Images are shown at most this wide; larger ones are scaled down when re-encoded.
MAX_WIDTH = 1600

# Pillow format -> (extension, content type)
FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
ACCEPT = ",".join(content_type for _ext, content_type in FORMATS.values())


class ImageRejected(ValueError):
    """The upload is not an image we accept; `message` tells the person why."""

    def __init__(self, message, code: str):
        super().__init__(code)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    format: str
    width: int
    height: int

    @property
    def extension(self) -> str:
        return FORMATS[self.format][0]

    @property
    def content_type(self) -> str:
        return FORMATS[self.format][1]


def _too_large(size: int) -> ImageRejected:
    return ImageRejected(
        _("This file weighs %(size)s; an image may weigh at most %(limit)s.")
        % {"size": filesizeformat(size), "limit": filesizeformat(MAX_BYTES)},
        code="too_large",
    )


def _open(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ImageRejected(
            _("This file is not an image we can read: upload a JPEG, PNG or WebP image."),
            code="not_an_image",
        ) from None
    except Image.DecompressionBombError:
        raise _too_many_pixels() from None
    if image.format not in FORMATS:
        raise ImageRejected(
            _("%(format)s images are not accepted: upload a JPEG, PNG or WebP image.")
            % {"format": image.format or "?"},
            code="format",
        )
    width, height = image.size
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise _too_many_pixels()
    return image


def _too_many_pixels() -> ImageRejected:
    return ImageRejected(
        _("This image is too big: it may measure at most %(side)s × %(side)s pixels.")
        % {"side": MAX_SIDE},
        code="dimensions",
    )


def _decoded(image: Image.Image) -> Image.Image:
    try:
        image.load()
        # Turn the pixels the way the camera meant, since the orientation tag goes away.
        return ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise ImageRejected(
            _("This image is damaged or truncated: export it again and retry."),
            code="damaged",
        ) from None


def _target_mode(format: str, mode: str) -> str:
    if format == "JPEG":
        return mode if mode in {"RGB", "L"} else "RGB"
    if format == "PNG":
        # Palettes become RGBA so transparency survives the copy into a fresh image.
        return mode if mode in {"RGB", "RGBA", "L", "LA"} else "RGBA"
    return "RGBA" if "A" in mode or mode == "P" else "RGB"


def reencode_image(data: bytes, *, max_width: int = MAX_WIDTH) -> CleanImage:
    """The image in `data`, checked (JPEG/PNG/WebP, ≤ MAX_BYTES, ≤ MAX_SIDE pixels a side)
    and re-encoded from its pixels: first frame only, no metadata, at most `max_width` wide.
    Raises ImageRejected with a message for the person who uploaded it."""
    if len(data) > MAX_BYTES:
        raise _too_large(len(data))
    image = _open(data)
    format = image.format
    pixels = _decoded(image)
    mode = _target_mode(format, pixels.mode)
    if pixels.mode != mode:
        pixels = pixels.convert(mode)
    if pixels.width > max_width:
        pixels.thumbnail((max_width, MAX_SIDE), Image.Resampling.LANCZOS)
    # A fresh image holds pixels only: no EXIF, XMP, ICC, text chunks or trailing bytes.
    clean = Image.new(pixels.mode, pixels.size)
    clean.paste(pixels)
    output = io.BytesIO()
    options = {"JPEG": {"quality": 85, "optimize": True}, "PNG": {"optimize": True}}.get(
        format, {"quality": 85}
    )
    clean.save(output, format=format, **options)
    return CleanImage(output.getvalue(), format, clean.width, clean.height)


def clean_image_upload(upload) -> ContentFile:
    """An uploaded file turned into a safe image file to store, named afresh (the person's
    file name is never reused). Raises ValidationError with a clear message."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError(_too_large(size).message, code="too_large")
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    try:
        image = reencode_image(data)
    except ImageRejected as rejected:
        raise ValidationError(rejected.message, code=rejected.code) from None
    return ContentFile(image.content, name=f"{uuid.uuid4().hex}.{image.extension}")


def _help_text() -> str:
    return gettext("JPEG, PNG or WebP, at most %(limit)s. Location data is removed.") % {
        "limit": filesizeformat(MAX_BYTES)
    }


# Translated when shown, not when the form class is defined.
_upload_help_text = lazy(_help_text, str)


class ImageUploadField(forms.FileField):
    """A file input for JPEG/PNG/WebP images; `cleaned_data` holds the re-encoded file."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _upload_help_text())
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ACCEPT)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload or upload is initial or upload is False:
            return upload
        return clean_image_upload(upload)
