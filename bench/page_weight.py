"""Page weight on a weak connection (issue 22, point 5): bytes transferred, measured by headless chromium.

Serves the demo data with gunicorn and whitenoise as in production (collectstatic: hashed names, brotli and
gzip copies, far-future cache), then, for each of the usager pages the issue names, counts the bytes
chromium receives (Network.loadingFinished.encodedDataLength: headers and compressed bodies):
- first visit: a fresh browser (empty cache) opens the page;
- next page: the same browser, having opened the home page, opens this one.
Twice: with the DSFR subset Guichet ships, and with DSFR's whole stylesheets (the baseline, as before),
in the same run. Targets: first visit <= 120 KiB, next page <= 20 KiB.

    .venv/bin/python bench/page_weight.py
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
FIRST_VISIT_KIB, NEXT_PAGE_KIB = 120, 20
VERBOSE = os.environ.get("BENCH_VERBOSE") == "1"  # each request's size

# A questionnaire with every answer given, reopened in the browser by its number and code.
SEED = """
from guichet.screening.models import Questionnaire
from guichet.screening.services import questionnaire as service
from guichet.screening.tests.factories import ALONE_ANSWERS
from guichet.procedures.selectors import published_procedures
q = Questionnaire.objects.create(answers=ALONE_ANSWERS)
service.compute_rights(questionnaire_id=q.pk)  # OpenFisca runs here, not during the measure
reference, code = service.give_reopen_code(questionnaire_id=q.pk)
print(reference, code, published_procedures().first().slug)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(work: Path) -> tuple[dict, str, str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{work / 'poids.sqlite3'}",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "DEBUG": "0",
        "GUICHET_STATIC_COMPRESSED": "1",
    }
    for command in (["migrate", "--noinput", "-v0"], ["load_demo"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([PY, "manage.py", *command], cwd=ROOT, env=env, check=True, capture_output=True)
    seeded = subprocess.run(
        [PY, "manage.py", "shell", "-c", SEED], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout.split()
    return env, seeded[-3], seeded[-2], seeded[-1]


def serve(env: dict, mode: str, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            PY,
            "-m",
            "gunicorn",
            "guichet.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**env, "GUICHET_DSFR_CSS": mode},
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("le serveur ne démarre pas")


class Meter:
    """Bytes received by one page (all its requests), from the DevTools protocol."""

    def __init__(self, context, page):
        self.total = 0
        self.urls = {}
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.on(
            "Network.requestWillBeSent",
            lambda event: self.urls.update({event["requestId"]: event["request"]["url"]}),
        )
        session.on("Network.loadingFinished", self._add)

    def _add(self, event):
        self.total += event["encodedDataLength"]
        if VERBOSE:
            print(
                f"    {event['encodedDataLength'] / 1024:7.1f} Kio  {self.urls.get(event['requestId'], '?')}"
            )

    def measure(self, page, action) -> float:
        self.total = 0
        action(page)
        page.wait_for_load_state("networkidle")
        page.screenshot()  # painted, as a person sees it: the fonts the text needs are fetched
        page.evaluate("document.fonts.ready.then(() => true)")
        page.wait_for_load_state("networkidle")
        return self.total / 1024


def pages(base: str, reference: str, code: str, slug: str) -> list[tuple[str, callable]]:
    """(name, how to reach it): each returns the page's address once reached (a form may lead there)."""

    def goto(path):
        def reach(page):
            return base + path

        return reach

    def form_step(page):
        page.goto(f"{base}/demarches/{slug}/")
        page.locator("main button[type=submit]").first.click()
        page.wait_for_url("**/commence/")
        page.locator("main a.fr-btn").first.click()
        page.wait_for_url("**/etape/**")
        return page.url

    def questionnaire(page):
        page.goto(f"{base}/droits/")
        page.locator("main button[type=submit]").first.click()
        page.wait_for_url("**/foyer/")
        return page.url

    def results(page):
        page.goto(f"{base}/droits/retrouver/")
        page.locator("#id_reference").fill(reference)
        page.locator("#id_code").fill(code)
        page.locator("main button[type=submit]").click()
        page.wait_for_url("**/resultats/")
        return page.url

    return [
        ("accueil", goto("/")),
        ("catalogue des démarches", goto("/demarches/")),
        ("étape d'un formulaire", form_step),
        ("suivi d'un dossier", goto("/suivi/")),
        ("questionnaire de droits", questionnaire),
        ("résultats de droits", results),
    ]


def measure(browser, base, reference, code, slug) -> list[dict]:
    rows = []
    for name, reach in pages(base, reference, code, slug):
        # Reached once (the forms before it fill the session), then opened with that session only:
        # in an empty cache (first visit), and after the home page (next page).
        setup = browser.new_context()
        url = reach(setup.new_page())
        state = setup.storage_state()
        setup.close()
        counts = []
        for warm in (False, True):
            context = browser.new_context(storage_state=state)
            page = context.new_page()
            meter = Meter(context, page)
            if warm:
                meter.measure(page, lambda p: p.goto(base + "/"))
            counts.append(meter.measure(page, lambda p, url=url: p.goto(url)))
            context.close()
        rows.append(
            {
                "page": name,
                "premiere_visite_kio": round(counts[0], 1),
                "page_suivante_kio": round(counts[1], 1),
            }
        )
    return rows


def main() -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env, reference, code, slug = prepare(work)
        results = {}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            for mode in ("complet", "sous-ensemble"):
                port = free_port()
                server = serve(env, mode, port)
                try:
                    results[mode] = measure(browser, f"http://127.0.0.1:{port}", reference, code, slug)
                finally:
                    server.terminate()
                    server.wait()
            browser.close()
    print(f"{'page':28} {'DSFR complet (avant)':>24} {'sous-ensemble (Guichet)':>26}")
    print(f"{'':28} {'1re visite':>12}{'suivante':>12} {'1re visite':>13}{'suivante':>13}")
    failures = []
    for before, after in zip(results["complet"], results["sous-ensemble"], strict=True):
        print(
            f"{after['page']:28} {before['premiere_visite_kio']:>10.1f}  {before['page_suivante_kio']:>10.1f}"
            f"  {after['premiere_visite_kio']:>11.1f}  {after['page_suivante_kio']:>11.1f}   (Kio)"
        )
        if after["premiere_visite_kio"] > FIRST_VISIT_KIB or after["page_suivante_kio"] > NEXT_PAGE_KIB:
            failures.append(after["page"])
    print(json.dumps(results, ensure_ascii=False))
    print(
        f"Cibles : première visite ≤ {FIRST_VISIT_KIB} Kio, page suivante ≤ {NEXT_PAGE_KIB} Kio. "
        + (f"Au-dessus : {', '.join(failures)}." if failures else "Toutes les pages sont dans la cible.")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
