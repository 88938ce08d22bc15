"""Position descriptions in Markdown, rendered safely: no HTML written by users reaches a page.

Markdown turns the text into HTML; nh3 (the ammonia sanitiser) then keeps only a small set of
formatting tags and safe link schemes, so <script>, event handlers such as onerror= and
javascript: links are dropped whatever the user typed.
"""

import html as html_lib
import re

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


def markdown_to_text(text: str) -> str:
    """The text as a reader sees it, without Markdown marks or tags (for snippets and indexing)."""
    if not text:
        return ""
    html = markdown_lib.markdown(text, extensions=["sane_lists", "tables"])
    # Block ends become line breaks so words of two paragraphs do not run together.
    html = re.sub(r"</(p|li|h[1-6]|tr|blockquote|pre)>|<br\s*/?>", "\n", html)
    plain = html_lib.unescape(nh3.clean(html, tags=set()))
    return re.sub(r"\n{2,}", "\n", plain).strip()
