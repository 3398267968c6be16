"""Load scenario: usagers, agents and aidants on one Guichet, the mix of an ordinary morning.

- usagers (70 %): catalogue, start a draft, save each step, contact, review, deposit, receipt; or follow
  a seeded dossier with its number and follow-up code;
- agents (20 %): sign in with password + TOTP (codes computed from the seeded devices), queue, a
  dossier, start instruction, decide;
- aidants (10 %): sign in with password + TOTP, their home page.

After each page a simulated person pauses LOAD_THINK_MIN to LOAD_THINK_MAX seconds (3 to 10 by default) to
read it and fill it in, so 100 users are 100 people at work, not 100 requests in flight.

Every request is named by page group; percentiles per group are written at the end to the JSON file in
LOAD_REPORT. The host must be this machine: the scenario refuses any other.
"""

import itertools
import json
import os
import random
import re
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlparse

from django_otp.oath import TOTP
from locust import HttpUser, between, events, task

ACCOUNTS = json.loads(Path(os.environ["LOAD_ACCOUNTS"]).read_text(encoding="utf-8"))
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
TIMINGS: dict[str, list[float]] = defaultdict(list)
FAILURES: dict[str, list[str]] = defaultdict(list)
# Requests cut by the end of the run (locust stops every user in the middle of its task) are not the
# server's errors: they are counted apart.
STATE = {"stopping": False, "cut": 0, "spawned_at": None}
# (time the request ended, duration) per page group: the report also gives the figures of the steady
# state, once every simulated person has arrived (the first sign-ins of agents and aidants all land in
# the ramp-up).
STAMPED: dict[str, list[tuple[float, float]]] = defaultdict(list)
# A person reads and types between two pages; LOAD_THINK_MIN/MAX (seconds) set that pause.
THINK = (float(os.environ.get("LOAD_THINK_MIN", 3)), float(os.environ.get("LOAD_THINK_MAX", 10)))
_agent_numbers = itertools.count()
_aidant_numbers = itertools.count()
LOCK_VERSION = re.compile(r'name="lock_version" value="(\d+)"')


@events.init.add_listener
def _refuse_remote_hosts(environment, **kwargs):
    host = urlparse(environment.host or "").hostname
    if host not in LOCAL_HOSTS:
        raise SystemExit(f"La charge ne se lance que contre cette machine (127.0.0.1), pas {host!r}.")


@events.test_stopping.add_listener
def _stopping(**kwargs):
    STATE["stopping"] = True


@events.spawning_complete.add_listener
def _spawned(user_count, **kwargs):
    STATE["spawned_at"] = time.monotonic()


@events.request.add_listener
def _record(request_type, name, response_time, exception, **kwargs):
    if STATE["stopping"]:
        STATE["cut"] += 1
        return
    TIMINGS[name].append(response_time)
    STAMPED[name].append((time.monotonic(), response_time))
    if exception is not None:
        FAILURES[name].append(str(exception)[:200])


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


@events.quitting.add_listener
def _write_report(environment, **kwargs):
    report = {"_coupees_par_l_arret": STATE["cut"], "_regime_etabli": _steady_figures()}
    for name, values in sorted(TIMINGS.items()):
        report[name] = {
            "requests": len(values),
            "errors": len(FAILURES.get(name, [])),
            "p50": _percentile(values, 0.50),
            "p95": _percentile(values, 0.95),
            "p99": _percentile(values, 0.99),
            "max": max(values),
            "error_samples": FAILURES.get(name, [])[:3],
        }
    Path(os.environ.get("LOAD_REPORT", "load-report.json")).write_text(
        json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8"
    )


def _steady_figures() -> dict:
    """Percentiles of the requests that ended after the ramp-up (every user started)."""
    spawned_at = STATE["spawned_at"]
    if spawned_at is None:
        return {}
    figures = {}
    for name, stamped in sorted(STAMPED.items()):
        values = [duration for ended, duration in stamped if ended >= spawned_at]
        if values:
            figures[name] = {
                "requests": len(values),
                "p50": _percentile(values, 0.50),
                "p95": _percentile(values, 0.95),
                "p99": _percentile(values, 0.99),
                "max": max(values),
            }
    return figures


class GuichetUser(HttpUser):
    abstract = True
    wait_time = between(*THINK)

    def csrf(self) -> dict:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}

    def get(self, path: str, name: str, **kwargs):
        """Open a page, then read it (and fill it in) for a while, as a person does."""
        with self.client.get(path, name=name, catch_response=True, allow_redirects=False, **kwargs) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code} sur {path}")
        time.sleep(random.uniform(*THINK))  # cooperative: locust runs its users on gevent
        return r

    def post(self, path: str, name: str, data: dict, expect=(302,)):
        with self.client.post(
            path, name=name, data=data, headers=self.csrf(), catch_response=True, allow_redirects=False
        ) as r:
            if r.status_code not in expect:
                r.failure(f"{r.status_code} sur {path}")
            return r

    def sign_in(self, account: dict, home: str) -> None:
        self.get("/comptes/connexion/", "connexion (page)")
        self.post(
            "/comptes/connexion/",
            "connexion (mot de passe)",
            {"username": account["username"], "password": ACCOUNTS["password"]},
        )
        device_key = bytes.fromhex(account["key"])
        self.post(
            "/comptes/double-authentification/verifier/",
            "connexion (code TOTP)",
            {"token": f"{TOTP(device_key).token():06d}", "next": home},
        )


class Usager(GuichetUser):
    weight = 7

    @task(3)
    def deposit_a_request(self):
        slug = ACCOUNTS["slug"]
        self.client.cookies.clear()
        self.get("/demarches/", "usager : catalogue")
        self.get(f"/demarches/{slug}/", "usager : démarche")
        started = self.post(f"/demarches/{slug}/commencer/", "usager : commencer", {})
        location = started.headers.get("Location", "")
        match = re.search(r"/dossiers/([0-9a-f-]{36})/", location)
        if not match:
            return
        base = f"/dossiers/{match.group(1)}"
        self.get(f"{base}/commence/", "usager : dossier commencé")
        self.get(f"{base}/etape/identite/", "usager : étape (affichage)")
        identity = {"nom": "Camille Durand", "naissance": "1980-05-04", "enfants": "non"}
        self.post(f"{base}/etape/identite/", "usager : étape (enregistrer)", {**identity, "action": "save"})
        self.post(f"{base}/etape/identite/", "usager : étape (suivante)", {**identity, "action": "next"})
        self.get(f"{base}/etape/situation/", "usager : étape (affichage)")
        situation = {"motif": "Hébergée chez ma sœur", "revenus": "912,40", "action": "next"}
        self.post(f"{base}/etape/situation/", "usager : étape (suivante)", situation)
        self.get(f"{base}/coordonnees/", "usager : coordonnées (affichage)")
        contact = {"contact_name": "Camille Durand", "notify_by": "none"}
        self.post(f"{base}/coordonnees/", "usager : coordonnées (enregistrer)", contact)
        self.get(f"{base}/recapitulatif/", "usager : récapitulatif")
        self.post(f"{base}/recapitulatif/", "usager : dépôt", {})
        self.get(f"{base}/accuse-de-reception/", "usager : accusé de réception")
        self.get(f"{base}/", "usager : page du dossier")

    @task(2)
    def follow_a_dossier(self):
        self.client.cookies.clear()
        seeded = random.choice(ACCOUNTS["followups"])
        self.get("/suivi/", "usager : suivi (formulaire)")
        followed = self.post("/suivi/", "usager : suivi (numéro + code)", seeded)
        if followed.status_code == 302:
            self.get(followed.headers["Location"], "usager : page du dossier")

    @task(1)
    def browse(self):
        self.get("/", "usager : accueil")
        self.get("/demarches/", "usager : catalogue")


class Agent(GuichetUser):
    weight = 2

    def on_start(self):
        self.account = ACCOUNTS["agents"][next(_agent_numbers) % len(ACCOUNTS["agents"])]
        self.pool = list(self.account["dossiers"])
        self.sign_in(self.account, "/instruction/")

    @task(3)
    def queue(self):
        self.get("/instruction/", "agent : file des dossiers")
        self.get("/instruction/?etat=depose", "agent : file filtrée")

    @task(2)
    def decide_a_dossier(self):
        if not self.pool:
            return self.queue()
        base = f"/instruction/dossiers/{self.pool.pop()}"
        page = self.get(f"{base}/", "agent : dossier")
        version = LOCK_VERSION.search(page.text or "")
        if version is None:
            return None
        self.post(f"{base}/instruire/", "agent : commencer l'instruction", {"lock_version": version.group(1)})
        page = self.get(f"{base}/", "agent : dossier")
        version = LOCK_VERSION.search(page.text or "")
        if version is None:
            return None
        decision = {"lock_version": version.group(1), "decision": "accept", "motive": "Conditions remplies."}
        self.post(f"{base}/decider/", "agent : décision", decision)
        return None


class Aidant(GuichetUser):
    weight = 1

    def on_start(self):
        account = ACCOUNTS["aidants"][next(_aidant_numbers) % len(ACCOUNTS["aidants"])]
        self.sign_in(account, "/comptes/espace/aidant/")

    @task
    def home(self):
        self.get("/comptes/espace/aidant/", "aidant : accueil")
        self.get("/demarches/", "aidant : catalogue")
