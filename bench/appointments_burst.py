"""A burst of 1,000 simultaneous booking attempts for 50 slots (first come, first served), through the
person's own form (GET the form, then all POST at once), against gunicorn and PostgreSQL on this machine.
Target: exactly 50 bookings, no double booking, no server error, p99 of the POSTs ≤ 300 ms.

Two phases in one run, each on 50 slots of its own:
- « simultanés »: the 1,000 POSTs leave at the same instant (a barrier). Seen from the client, the last
  ones wait for the 999 before them: the figure is bound by CPU (N x cost of one request / cores).
- « étalés »: the same 1,000 POSTs spread evenly over `--ramp` seconds (25 per second by default).
For both, the time the server spent on each POST (gunicorn's access log, `%(M)s`) is printed beside the
time seen by the client.

Baseline in the same run: the obvious way (count the slot's bookings, then insert if there is room), run by
as many threads on the same database, without the conditional update: how many double bookings it lets in.

    python bench/appointments_burst.py [--attempts 1000] [--slots 50]
The database guichet_bench_burst is DROPPED and re-created.
"""

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench" / "load"))
PY = sys.executable
DB = "guichet_bench_burst"

SEED = r"""
import datetime, json, sys
from django.utils import timezone
from guichet.accounts.models import Organisation
from guichet.appointments.models import Motif, WeeklyOpening
from guichet.appointments.selectors import slots_of
from guichet.places.models import Place
organisation = Organisation.objects.create(name="CCAS (rafale)")
place = Place.objects.create(source="rafale", source_id="1", nom="CCAS", commune="Agen", code_postal="47000",
    adresse="1 place", date_maj=datetime.date(2026, 1, 1), organisation=organisation)
motif = Motif.objects.create(place=place, organisation=organisation, label="Aide", duration_minutes=10,
    capacity=1, min_notice_hours=0, booking_horizon_days=30)
for weekday in range(7):
    WeeklyOpening.objects.create(motif=motif, weekday=weekday, starts=datetime.time(8), ends=datetime.time(18),
        valid_from=datetime.date(2026, 1, 1))
slots = [slot.starts_at.isoformat() for slot in slots_of(motif)][: int(sys.argv[1])]
json.dump({"motif": str(motif.pk), "slots": slots}, sys.stdout)
"""


def attempt(session, url, motif, start, results, barrier, delay):
    import requests

    form = session.get(f"{url}/rendez-vous/motif/{motif}/reserver/", params={"debut": start}, timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    jeton = re.search(r'name="jeton" value="([^"]*)"', form.text).group(1)
    barrier.wait(timeout=300)
    if delay:
        time.sleep(delay)
    began = time.perf_counter()
    try:
        response = session.post(
            f"{url}/rendez-vous/motif/{motif}/reserver/",
            data={"csrfmiddlewaretoken": token, "debut": start, "nom": "Personne", "telephone": "06 12 34 56 78",
                  "jeton": jeton},
            headers={"Referer": f"{url}/"}, allow_redirects=False, timeout=120,
        )  # fmt: skip
        outcome = (
            "réservé"
            if response.status_code == 302
            else "pris"
            if "vient d" in response.text
            else f"http {response.status_code}"
        )
    except requests.RequestException as error:
        outcome = f"erreur {type(error).__name__}"
    results.append((outcome, time.perf_counter() - began))


def run_phase(url, motif, slots, attempts, ramp):
    import requests

    results: list = []
    barrier = threading.Barrier(attempts)
    threads = []
    for index in range(attempts):
        start = slots[index % len(slots)]
        delay = ramp * index / attempts
        threads.append(
            threading.Thread(
                target=attempt, args=(requests.Session(), url, motif, start, results, barrier, delay)
            )
        )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def server_times(log: Path) -> list[float]:
    """Milliseconds the server spent on each booking POST, from the access log lines « POST <ms> »."""
    times = []
    for line in log.read_text(errors="replace").splitlines():
        if line.startswith("ACCESS POST /rendez-vous/"):
            times.append(float(line.split()[-1]))
    return sorted(times)


def percentile(values, share):
    return values[min(len(values) - 1, int(share * len(values)))] if values else float("nan")


def naive_baseline(database_url: str, attempts: int, slots: int) -> int:
    """Check-then-insert on a throwaway table, one connection per thread: double bookings let in. At most
    80 threads at once (PostgreSQL's default max_connections is 100; 1,000 broke the barrier)."""
    attempts = min(attempts, 80)
    import psycopg

    dsn = database_url.replace("postgres://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as db:
        db.execute("DROP TABLE IF EXISTS naive_booking")
        db.execute("CREATE TABLE naive_booking (id serial PRIMARY KEY, slot int NOT NULL)")
    barrier = threading.Barrier(attempts)

    def one(index):
        with psycopg.connect(dsn, autocommit=True) as db:
            barrier.wait(timeout=300)
            slot = index % slots
            (count,) = db.execute("SELECT count(*) FROM naive_booking WHERE slot = %s", [slot]).fetchone()
            if count < 1:
                db.execute("INSERT INTO naive_booking (slot) VALUES (%s)", [slot])

    threads = [threading.Thread(target=one, args=(i,)) for i in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with psycopg.connect(dsn, autocommit=True) as db:
        (total,) = db.execute("SELECT count(*) FROM naive_booking").fetchone()
        db.execute("DROP TABLE naive_booking")
    return total - slots


def main() -> int:
    import json

    from run_load import free_port, psql, wait_healthy

    parser = argparse.ArgumentParser()
    parser.add_argument("--attempts", type=int, default=1000)
    parser.add_argument("--slots", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument(
        "--ramp", type=float, default=40.0, help="seconds over which the second phase spreads"
    )
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="guichet-rafale-"))
    database_url = f"postgres://postgres@127.0.0.1:5432/{DB}"
    env = {**os.environ, "DATABASE_URL": database_url, "DATABASE_CONN_MAX_AGE": "60", "LOG_LEVEL": "WARNING",
           "DEBUG": "false", "MEDIA_ROOT": str(workdir / "media"), "NOTIFICATIONS_DIR": str(workdir / "sms"),
           "SESSION_COOKIE_SECURE": "false", "CSRF_COOKIE_SECURE": "false"}  # fmt: skip
    psql(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{DB}"')
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=REPO, env=env, check=True)
    seeded = subprocess.run(
        [PY, "manage.py", "shell", "-c", SEED.replace("int(sys.argv[1])", str(2 * args.slots))],
        cwd=REPO, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    data = json.loads(seeded.stdout.strip().splitlines()[-1])
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = workdir / "gunicorn.log"
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "guichet.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
         "--worker-class", "gthread", "--threads", "8", "--timeout", "120", "--backlog", "2048",
         "--access-logfile", "-", "--access-logformat", "ACCESS %(m)s %(U)s %(M)s"],
        cwd=REPO, env=env, stdout=log.open("a"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        wait_healthy(url, server, log)
        phases = {}
        for phase, slots, ramp in (("simultanés", data["slots"][: args.slots], 0.0),
                                   ("étalés", data["slots"][args.slots :], args.ramp)):  # fmt: skip
            log.write_text("")  # the access log of this phase only (gunicorn appends)
            phases[phase] = (
                run_phase(url, data["motif"], slots, args.attempts, ramp),
                server_times(log),
                ramp,
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    check = subprocess.run(
        [PY, "manage.py", "shell", "-c",
         "from django.db.models import Count\nfrom guichet.appointments.models import Booking\n"
         "b = Booking.objects.filter(status='confirme')\n"
         "print(b.count(), b.values('starts_at').annotate(n=Count('id')).filter(n__gt=1).count())"],
        cwd=REPO, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    booked, doubled = (int(x) for x in check.stdout.split()[-2:])
    naive = naive_baseline(database_url, args.attempts, args.slots)
    print(f"rafale : {args.attempts} tentatives par phase, {args.slots} créneaux d'une place par phase, "
          f"gunicorn {args.workers} processus x 8 fils, PostgreSQL, {os.cpu_count()} cœurs")  # fmt: skip
    ok = booked == 2 * args.slots and doubled == 0
    for phase, (results, served, ramp) in phases.items():
        outcomes: dict = {}
        for outcome, _seconds in results:
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        seen = sorted(seconds * 1000 for _outcome, seconds in results)
        print(f"  phase « {phase} »" + (f" (sur {ramp:.0f} s)" if ramp else " (au même instant)"))
        print(f"    réponses : {outcomes}")
        print(f"    vu du client : p50 {statistics.median(seen):.0f} ms, p99 {percentile(seen, 0.99):.0f} ms, "
              f"max {seen[-1]:.0f} ms")  # fmt: skip
        if served:
            print(f"    temps serveur ({len(served)} POST) : p50 {statistics.median(served):.0f} ms, "
                  f"p99 {percentile(served, 0.99):.0f} ms, total {sum(served) / 1000:.1f} s")  # fmt: skip
        ok = (
            ok and outcomes.get("réservé") == args.slots and not any(o.startswith("http 5") for o in outcomes)
        )
    print(
        f"  rendez-vous en base : {booked} (attendu {2 * args.slots}) ; créneaux réservés deux fois : {doubled}"
    )
    print(
        f"  référence naïve (compter puis insérer, {min(args.attempts, 80)} fils) : {naive} réservation(s) en double"
    )
    if "Traceback" in log.read_text():
        print(log.read_text()[-2000:])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
