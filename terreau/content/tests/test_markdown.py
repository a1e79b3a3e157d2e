from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.utils.safestring import SafeString

from terreau.content.markdown import render_markdown

SAFE_TAGS = {
    "p", "br", "hr", "strong", "em", "s", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "img", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
SAFE_ATTRIBUTES = {"href", "title", "src", "alt", "rel", "start", "align"}


class Elements(HTMLParser):
    """Every element the browser would build from the HTML, with its attributes."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {name: value or "" for name, value in attrs}))


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = Elements()
    parser.feed(html)
    return parser.found


def assert_inert(html: str) -> None:
    for tag, attributes in elements(html):
        assert tag in SAFE_TAGS, tag
        assert set(attributes) <= SAFE_ATTRIBUTES, attributes
        href = attributes.get("href", "")
        assert href == "" or urlsplit(href).scheme in {"http", "https", "mailto"}, href
        if tag == "a":
            assert attributes["rel"] == "nofollow noopener ugc"
        if tag == "img":
            src = attributes["src"]
            assert src.startswith("/media/") and ".." not in src and "%2e" not in src.lower()


# Markdown written by someone hostile.
MALICIOUS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<iframe src='https://evil.example'></iframe>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD4=)",
    "[click](vbscript:msgbox(1))",
    "[click]( javascript:alert(1))",
    "<javascript:alert(1)>",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "![x](javascript:alert(1))",
    "![tracker](https://evil.example/pixel.png)",
    "![tracker](//evil.example/pixel.png)",
    "![x](data:image/png;base64,iVBORw0KGgo=)",
    "![logout](/comptes/deconnexion/)",
    "![up](/media/../comptes/deconnexion/)",
    "![up](/media/%2e%2e/comptes/deconnexion/)",
    "![up](/media/%2E./comptes/deconnexion/)",
    "![win](/media\\..\\x)",
    '<a href="https://x.example" onclick="steal()">x</a>',
    '[x](https://x.example "a\\" onmouseover=\\"alert(1)")',
    "<style>body{display:none}</style>",
    "<svg><script>alert(1)</script></svg>",
    "<!-- <script>alert(1)</script> -->",
    "`<script>alert(1)</script>`",
    "    <script>alert(1)</script>",
    "<form action=/x><input name=q></form>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "[x](https://ok.example)<div style='position:fixed'>",
    "<a href='https://x.example'>**x**</a>",
    "[x](https://ok.example){onclick=alert(1)}",
]


@pytest.mark.parametrize("text", MALICIOUS)
def test_malicious_markdown_is_rendered_inert(text):
    html = render_markdown(text)
    assert_inert(html)
    assert "<script" not in html


def test_a_javascript_link_becomes_plain_text():
    assert elements(render_markdown("[click](javascript:alert(1))")) == [("p", {})]


def test_a_foreign_image_keeps_only_its_alt_text():
    html = render_markdown("![Notre équipe](https://cdn.example/equipe.jpg)")
    assert "<img" not in html and "Notre équipe" in html


# (markdown, a fragment that must appear)
WELL_MEANING = [
    ("Un *projet* **solidaire**", "<em>projet</em> <strong>solidaire</strong>"),
    ("# Notre histoire", "<h3>Notre histoire</h3>"),
    ("### Détails", "<h5>Détails</h5>"),
    ("###### Tout petit", "<h6>Tout petit</h6>"),
    ("- un\n- deux", "<li>un</li>"),
    ("> une citation", "<blockquote>"),
    ("Voir <https://terreau.example/a>", 'href="https://terreau.example/a"'),
    ("[site](https://terreau.example)", 'rel="nofollow noopener ugc"'),
    ("[écrire](mailto:contact@terreau.example)", 'href="mailto:contact@terreau.example"'),
    ("![Notre équipe](/media/projects/equipe.jpg)", 'src="/media/projects/equipe.jpg"'),
    ("| a | b |\n|---|---|\n| 1 | 2 |", "<td>1</td>"),
    ("~~ancien~~", "<s>ancien</s>"),
    ("5 < 6 & 7 > 3", "5 &lt; 6 &amp; 7 &gt; 3"),
]


@pytest.mark.parametrize(("text", "expected"), WELL_MEANING)
def test_ordinary_markdown_keeps_its_formatting(text, expected):
    html = render_markdown(text)
    assert expected in html
    assert_inert(html)


def test_the_rendered_html_is_marked_safe_for_templates():
    assert isinstance(render_markdown("*a*"), SafeString)
    assert isinstance(render_markdown(""), SafeString)


def test_raw_html_is_shown_as_text_rather_than_dropped():
    assert "&lt;b&gt;gras&lt;/b&gt;" in render_markdown("<b>gras</b>")
