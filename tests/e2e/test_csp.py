"""The Content-Security-Policy holds on every role's main pages: no inline script, no eval, and
htmx, the vendored assets and the API's docs work within it (the browser reports no violation)."""

import pytest

from tests.e2e.test_accessibility import open_page, pages_by_role, world  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)

# Records what the browser refuses, before any of the page's own code runs.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${where}`);
});
"""


def watched(page) -> list[str]:
    """Console messages about the policy, kept as they come (the listener above misses none
    the browser reports, but the console also names what it refused to evaluate)."""
    messages: list[str] = []
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda message: (
            messages.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return messages


def test_main_pages_of_every_role_run_without_a_policy_violation(open_page, world):  # noqa: F811
    pages = pages_by_role(world)
    pages[None] += ["/api/v1/docs/"]
    violations = {}
    for role, paths in pages.items():
        page = open_page("zh-hans", world[role] if role else None)
        console = watched(page)
        for path in paths:
            response = page.goto(page.base_url + path)
            assert "script-src 'self'" in response.headers["content-security-policy"]
            page.wait_for_load_state("networkidle")
            found = page.evaluate("window.__violations") + console
            if found:
                violations[f"{role} {path}"] = found
            console.clear()
    assert violations == {}


def test_htmx_swaps_work_under_the_policy(open_page, world):  # noqa: F811
    page = open_page("zh-hans", world["staff"])
    console = watched(page)
    page.goto(page.base_url + f"/fairs/{world['fair'].pk}/checkin/")
    page.fill("#id_code", world["ticket"].code)
    page.click("#checkin-form button[type=submit]")
    page.wait_for_selector("[data-result=ok]")
    assert page.input_value("#id_code") == ""  # the form emptied itself for the next ticket
    assert page.evaluate("window.__violations") + console == []


def test_the_api_docs_render_their_operations_under_the_policy(open_page, world):  # noqa: F811
    page = open_page("en")
    console = watched(page)
    page.goto(page.base_url + "/api/v1/docs/")
    page.wait_for_selector(".opblock", timeout=20_000)
    assert page.evaluate("window.__violations") + console == []
