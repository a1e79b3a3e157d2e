import json
import re

import pytest

from terreau.content.structured_data import json_ld

HOSTILE = [
    "</script><script>alert(1)</script>",
    "<!-- <script>",
    "]]></script>",
    "&lt;/script&gt;",
    "\u2028\u2029",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_user_text_cannot_close_the_json_ld_block(text):
    html = json_ld({"name": text})
    body = re.fullmatch(r'<script type="application/ld\+json">(.*)</script>', html, re.S)
    assert body is not None
    assert "<" not in body.group(1) and ">" not in body.group(1)
    assert json.loads(body.group(1)) == {"name": text}
