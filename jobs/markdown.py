"""Position descriptions in Markdown, rendered safely: no HTML written by users reaches a page.

Markdown turns the text into HTML; nh3 (the ammonia sanitiser) then keeps only a small set of
formatting tags and safe link schemes, so <script>, event handlers such as onerror= and
javascript: links are dropped whatever the user typed.
"""

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "code", "pre",
    "h3", "h4", "h5", "h6", "a", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def render_markdown(text: str) -> SafeString:
    """The text as sanitised HTML, safe to put in a page as it is."""
    if not text:
        return mark_safe("")
    html = markdown_lib.markdown(text, extensions=["sane_lists", "tables", "nl2br"])
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
