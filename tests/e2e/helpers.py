"""Shared steps of the browser tests."""

from tests.factories import PASSWORD


def left_the_login_page(url: str) -> bool:
    """Signing in lands on the person's workspace, whichever it is."""
    return "/accounts/login/" not in url


def log_in(page, email: str, password: str = PASSWORD) -> None:
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_url(left_the_login_page)
