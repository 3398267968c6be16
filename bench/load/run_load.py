"""Load test wrapper: seed a dedicated PostgreSQL database, start gunicorn on 127.0.0.1, run the locust
scenario headless for a bounded time, stop everything, print errors and p50/p95/p99 per page group.

    .venv/bin/python bench/load/run_load.py --duration 300 --users 100   # make load (5 minutes)
    .venv/bin/python bench/load/run_load.py --duration 20 --users 20     # make load-smoke

The database named by --database is DROPPED and re-created: it must be dedicated to the load test.
Exit status 1 when a request failed or when usager pages exceed the p99 target.
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PY = sys.executable
P99_TARGET_MS = 150


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def psql(sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql], check=True)


def wait_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(log.read_text())
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310 (local URL)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn n'a pas démarré :\n{log.read_text()}")


def warm_up(url: str, workers: int) -> None:
    """Load templates and code in every worker before measuring (a worker's first page is ~10× slower)."""
    for _ in range(workers * 4):
        for path in ("/", "/demarches/", "/suivi/", "/comptes/connexion/"):
            with urllib.request.urlopen(f"{url}{path}", timeout=10):  # noqa: S310 (local URL)
                pass


def _print_table(rows: dict) -> bool:
    """Print one table of page groups; True when every usager page meets the p99 target."""
    print(
        f"{'groupe de pages':<42} {'requêtes':>8} {'erreurs':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>6}"
    )
    usager_values_ok = True
    for name, row in rows.items():
        print(
            f"{name:<42} {row['requests']:>8} {row.get('errors', 0):>7} {row['p50']:>6.0f} {row['p95']:>6.0f} "
            f"{row['p99']:>6.0f} {row['max']:>6.0f}"
        )
        for sample in row.get("error_samples", []):
            print(f"    erreur : {sample}")
        if name.startswith("usager") and row["p99"] > P99_TARGET_MS:
            usager_values_ok = False
    return usager_values_ok


def print_report(report: dict, duration: int, users: int) -> bool:
    """Whole run, then the steady state (after the ramp-up). The target is judged on the whole run."""
    cut = report.pop("_coupees_par_l_arret", 0)
    steady = report.pop("_regime_etabli", {})
    print(f"\n== Charge : {users} utilisateurs simultanés pendant {duration} s (toute la durée)")
    usager_values_ok = _print_table(report)
    total_errors = sum(row["errors"] for row in report.values())
    requests = sum(row["requests"] for row in report.values())
    print(f"total : {requests} requêtes, {total_errors} erreurs (durées en millisecondes)")
    print(f"{cut} requête(s) coupée(s) par l'arrêt de la charge, non comptées")
    if steady:
        print("\n== Régime établi : requêtes terminées après l'arrivée du dernier utilisateur")
        steady_ok = _print_table(steady)
        print(f"p99 ≤ {P99_TARGET_MS} ms en régime établi : {'atteint' if steady_ok else 'MANQUÉ'}")
    print(
        f"objectif p99 ≤ {P99_TARGET_MS} ms sur les pages usager, toute la durée : "
        f"{'atteint' if usager_values_ok else 'MANQUÉ'}"
    )
    return total_errors == 0 and usager_values_ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=300, help="secondes de charge")
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--database", default=os.environ.get("LOAD_DATABASE", "guichet_load"))
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--report", default=str(REPO / "var" / "load" / "load-report.json"))
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="guichet-load-"))
    report_path = Path(args.report)
    report_path.parent.mkdir(parents=True, exist_ok=True)
    database_url = f"postgres://postgres@127.0.0.1:5432/{args.database}"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "MEDIA_ROOT": str(workdir / "media"),
        "NOTIFICATIONS_DIR": str(workdir / "notifications"),
        "LOG_LEVEL": "WARNING",
        "DEBUG": "false",
    }
    print(f"Base dédiée {args.database} : recréée, migrée, remplie…", flush=True)
    psql(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{args.database}"')
    subprocess.run([PY, "manage.py", "migrate", "--noinput", "-v0"], cwd=REPO, env=env, check=True)
    accounts = workdir / "accounts.json"
    subprocess.run(
        [PY, str(REPO / "bench" / "load" / "seed.py"), str(accounts)], cwd=REPO, env=env, check=True
    )

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = workdir / "gunicorn.log"
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "guichet.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
         "--worker-class", "gthread", "--threads", str(args.threads), "--timeout", "30"],
        cwd=REPO, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        wait_healthy(url, server, log)
        warm_up(url, args.workers)
        print(f"charge de la machine (load average 1/5/15 min) au début : {os.getloadavg()}", flush=True)
        print(f"gunicorn : {args.workers} processus × {args.threads} fils sur {url}", flush=True)
        subprocess.run(
            [PY, "-m", "locust", "-f", str(REPO / "bench" / "load" / "locustfile.py"), "--headless",
             "--host", url, "--users", str(args.users), "--spawn-rate", str(args.spawn_rate),
             "--run-time", f"{args.duration}s", "--stop-timeout", "10", "--only-summary",
             "--loglevel", "WARNING"],
            cwd=REPO, env={**env, "LOAD_ACCOUNTS": str(accounts), "LOAD_REPORT": str(report_path)},
            timeout=args.duration + 120, stdout=subprocess.DEVNULL, stderr=(workdir / "locust.log").open("w"),
        )  # fmt: skip
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print(f"charge de la machine (load average 1/5/15 min) à la fin : {os.getloadavg()}")
    if "Traceback" in log.read_text():
        print(f"Erreurs du serveur (extrait de {log}) :\n{log.read_text()[-3000:]}")
    report = json.loads(report_path.read_text(encoding="utf-8"))
    return 0 if print_report(report, args.duration, args.users) else 1


if __name__ == "__main__":
    sys.exit(main())
