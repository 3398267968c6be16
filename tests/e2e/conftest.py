"""Browser tests: Playwright driving Debian's Chromium, axe-core injected into every page checked.

Never Playwright's own browser download: the browser is /usr/bin/chromium (installed by `make test`).
"""

import json
import os
import re
from pathlib import Path

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests
# themselves (factories) are synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "e2e" / "artifacts"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BLOCKING_IMPACTS = {"serious", "critical"}
# Every HTML page the browser receives from Guichet must carry these (see guichet/settings.py).
REQUIRED_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
}
REQUIRED_CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "frame-ancestors": "'none'",
    "object-src": "'none'",
}


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def header_problems(url: str, headers: dict[str, str]) -> list[str]:
    """What is missing or too weak in the security headers of one HTML response."""
    problems = [
        f"{url}: {name}={headers.get(name)!r}, attendu {value!r}"
        for name, value in REQUIRED_HEADERS.items()
        if headers.get(name) != value
    ]
    csp = headers.get("content-security-policy", "")
    directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in csp.split(";") if part.strip())
    problems += [
        f"{url}: CSP {name}={directives.get(name)!r}, attendu {value!r}"
        for name, value in REQUIRED_CSP.items()
        if directives.get(name) != value
    ]
    if "unsafe-inline" in csp or "unsafe-eval" in csp:
        problems.append(f"{url}: CSP trop permissive : {csp}")
    return problems


HEADER_CHECKS = {"pages": 0}


def pytest_terminal_summary(terminalreporter):
    if HEADER_CHECKS["pages"]:
        terminalreporter.write_line(
            f"en-têtes de sécurité et CSP vérifiés sur {HEADER_CHECKS['pages']} réponses HTML"
        )


def _check_headers(page, response) -> None:
    if response.request.resource_type != "document" or not response.url.startswith(page.origin):
        return
    if 300 <= response.status < 400:
        return  # a redirect shows nothing that could be framed; the page it leads to is checked
    if "text/html" not in response.headers.get("content-type", ""):
        return
    page.documents_checked += 1
    HEADER_CHECKS["pages"] += 1
    page.header_problems.extend(header_problems(response.url, response.headers))


def _open_page(browser, request, **context_options):
    context = browser.new_context(locale="fr-FR", **context_options)
    page = context.new_page()
    page.csp_violations = []
    page.header_problems = []
    page.documents_checked = 0
    page.javascript = context_options.get("java_script_enabled", True)
    page.origin = request.getfixturevalue("live_server").url
    page.on("response", lambda response: _check_headers(page, response))
    page.on(
        "console",
        lambda message: (
            page.csp_violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return context, page


@pytest.fixture
def page(browser, request, live_server):
    context, page = _open_page(browser, request)
    yield page
    _finish(page, context, request)


@pytest.fixture
def second_page(browser, request, live_server):
    """Another person, on another computer: a separate browser context."""
    context, page = _open_page(browser, request)
    yield page
    _finish(page, context, request, suffix="-second")


@pytest.fixture
def page_without_js(browser, request, live_server):
    context, page = _open_page(browser, request, java_script_enabled=False)
    yield page
    _finish(page, context, request)


def _slug(text: str) -> str:
    return re.sub(r"[^\w.-]+", "_", text)


def _finish(page, context, request, suffix=""):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        page.screenshot(path=str(ARTIFACTS / f"{_slug(request.node.name)}{suffix}-fin.png"), full_page=True)
    finally:
        context.close()
    assert page.csp_violations == [], page.csp_violations
    assert page.header_problems == [], page.header_problems


def _axe(page) -> dict:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Injected through the DevTools protocol, which the page's CSP does not apply to.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}, resultTypes: ['violations']})"
    )


def _axe_without_javascript(page) -> dict:
    """axe-core needs timers, which a page without JavaScript never runs (axe.run waited forever): the
    page's HTML as served, its scripts removed, is checked in a page of its own that runs axe, styled by
    the same stylesheets (for contrasts)."""
    html = re.sub(r"<script\b.*?</script>", "", page.content(), flags=re.S | re.I)
    html = html.replace("<head>", f'<head><base href="{page.url}">', 1)
    context = page.context.browser.new_context(locale="fr-FR", viewport=page.viewport_size)
    try:
        copy = context.new_page()
        copy.set_content(html, wait_until="load")
        return _axe(copy)
    finally:
        context.close()


def check_page(page, label: str) -> None:
    """Screenshot the page and assert axe-core finds no serious or critical violation."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{_slug(label)}.png"), full_page=True)
    results = _axe(page) if getattr(page, "javascript", True) else _axe_without_javascript(page)
    blocking = [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in results["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]
    assert blocking == [], f"{label} ({page.url}): {json.dumps(blocking, ensure_ascii=False, indent=1)}"
    assert page.evaluate("() => document.documentElement.lang") == "fr"
    assert page.title().strip()


def current_totp(user) -> str:
    device = user.totpdevice_set.get(confirmed=True)
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def log_in(page, live_server, username, password, *, totp_user=None):
    page.goto(f"{live_server.url}/comptes/connexion/")
    page.get_by_label("Identifiant ou adresse électronique").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").last.click()
    if totp_user is not None:
        page.wait_for_url("**/double-authentification/verifier/**")
        page.get_by_label("Code à usage unique").fill(current_totp(totp_user))
        page.get_by_role("button", name="Valider").click()
