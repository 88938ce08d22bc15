"""axe-core (vendored in tests/e2e/vendor/, for the tests only) finds no serious or critical
violation, colour contrast included, on any main page of any role in either language."""

from pathlib import Path

import pytest

from tests.e2e.test_accessibility import open_page, world  # noqa: F401
from tests.e2e.test_phone import main_pages

pytestmark = pytest.mark.django_db(transaction=True)

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter((v) => ["serious", "critical"].includes(v.impact))
    .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
}"""


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_no_serious_accessibility_violation_on_any_main_page(open_page, world, language):  # noqa: F811
    violations = {}
    for role, paths in main_pages(world).items():
        page = open_page(language, world[role] if role else None)
        for path in paths:
            page.goto(page.base_url + path)
            page.evaluate(AXE)  # through the DevTools protocol: the site's CSP stays as it is
            if found := page.evaluate(RUN):
                violations[f"{role} {path}"] = found
    assert violations == {}
