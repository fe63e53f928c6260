"""The site's own pages work under its Content-Security-Policy: the browser reports no violation."""

import pytest

from tests.browser.test_accessibility import PAGES

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.mark.parametrize("name, path", PAGES.items(), ids=list(PAGES))
def test_no_content_security_policy_violations(live_site, page, name, path):
    page.add_init_script(RECORD_VIOLATIONS)
    response = page.goto(live_site + path)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")
    assert page.evaluate("window.__cspViolations") == []
