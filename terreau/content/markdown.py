"""User-written Markdown rendered to safe HTML.

Two lines of defence: markdown-it-py parses with raw HTML disabled (so `<script>` stays
text), then nh3 sanitises the result against an allow-list. Headings are shifted down so
that user content never competes with the page's own `<h1>`/`<h2>` outline, links are
marked as user-generated, and images are kept only when they come from this site.
"""

import nh3
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.token import Token

# "#" in a description becomes an <h3>: the page already has its <h1> and <h2> sections.
HEADING_SHIFT = 2
LINK_REL = "nofollow noopener ugc"
URL_SCHEMES = {"http", "https", "mailto"}
ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "s", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "img", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}


def is_local_url(url: str) -> bool:
    """A file uploaded to this very site ("/media/…"): not another host ("//evil",
    "https://…"), nor a page of the site that a GET would trigger."""
    return (
        url.startswith(settings.MEDIA_URL)
        and not url.startswith("//")
        and "\\" not in url
        and ".." not in url
        and "%2e" not in url.lower()  # browsers read "%2e%2e" as ".." in a path
    )


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    return md


_MD = _parser()


def _shift_headings(tokens: list[Token]) -> None:
    for token in tokens:
        if token.type in {"heading_open", "heading_close"}:
            level = min(int(token.tag[1]) + HEADING_SHIFT, 6)
            token.tag = f"h{level}"


def _drop_foreign_images(tokens: list[Token]) -> None:
    """Images from other hosts would leak readers' addresses to them: keep their alt text."""
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        children = []
        for child in token.children:
            if child.type == "image" and not is_local_url(str(child.attrGet("src") or "")):
                text = Token("text", "", 0)
                text.content = child.content
                children.append(text)
            else:
                children.append(child)
        token.children = children


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not is_local_url(value):
        return None
    return value


def render_markdown(text: str) -> SafeString:
    """Markdown written by a user, as HTML safe to insert in any page."""
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    tokens = _MD.parse(text)
    _shift_headings(tokens)
    _drop_foreign_images(tokens)
    html = _MD.renderer.render(tokens, _MD.options, {})
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        link_rel=LINK_REL,
        url_schemes=URL_SCHEMES,
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above
