"""Descriptions in Markdown: formatting survives, no user HTML reaches a page unescaped."""

import pytest

from jobs.markdown import render_markdown

pytestmark = pytest.mark.django_db

EVIL = (
    "**岗位职责**\n\n- 开发\n- 测试\n\n"
    "<script>alert('x')</script>\n\n"
    '<img src="x" onerror="alert(1)">\n\n'
    '<a href="javascript:alert(2)">点我</a> [链接](javascript:alert(3)) '
    '<p onclick="alert(4)">段落</p>'
)


def test_markdown_is_rendered_and_dangerous_html_removed():
    html = render_markdown(EVIL)
    assert "<strong>岗位职责</strong>" in html
    assert "<li>开发</li>" in html
    lowered = html.lower()
    for bad in ("<script", "onerror", "onclick", "javascript:", "<img"):
        assert bad not in lowered


def test_the_position_page_shows_no_user_html(client, world):
    position = world.position(description=EVIL, requirements="<script>steal()</script>要求")
    page = client.get(f"/jobs/{position.pk}/").content.decode().lower()
    assert "<strong>岗位职责</strong>" in page
    assert "alert(" not in page
    assert "steal()" not in page
    assert "onerror" not in page
