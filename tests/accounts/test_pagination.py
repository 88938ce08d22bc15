"""The one pagination partial every list uses: its links keep the page's other parameters."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def render(path: str, number: int, **extra) -> str:
    page = Paginator(range(100), 10).page(number)
    request = RequestFactory().get(path)
    return render_to_string("partials/pagination.html", {"page": page, **extra}, request=request)


def test_a_second_list_on_the_screen_keeps_the_first_lists_page():
    html = render("/staff/?association=7&members=2&requests=3", 3, param="requests")
    assert 'href="?association=7&amp;members=2&amp;requests=2" rel="prev"' in html
    assert 'href="?association=7&amp;members=2&amp;requests=4" rel="next"' in html


def test_the_first_and_last_pages_link_one_way_and_a_single_page_shows_nothing():
    assert 'rel="prev"' not in render("/", 1)
    assert 'rel="next"' not in render("/?page=10", 10)
    single = Paginator(range(3), 10).page(1)
    request = RequestFactory().get("/")
    assert (
        render_to_string("partials/pagination.html", {"page": single}, request=request).strip()
        == ""
    )
