"""Machine-readable descriptions embedded in pages (schema.org JSON-LD).

The data comes from users, so it is serialised as JSON with every character that could
close the `<script>` element or open a comment escaped. A JSON-LD block is data, not
code: the Content-Security-Policy (no inline scripts) does not apply to it.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data: dict) -> SafeString:
    """A `<script type="application/ld+json">` element holding `data`."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload),  # noqa: S308 - JSON with <, > and & escaped above
    )
