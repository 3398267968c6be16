"""Places directory at 100,000 places (issue 15): import time and memory, search p95, on SQLite and PostgreSQL.

1. Generates a file of N places in the LaMednum standard (default 100,000), spread over real communes
   (the offline communes table), with services and opening hours drawn from the standard's values.
2. For each database (a throwaway SQLite file; a throwaway PostgreSQL database on 127.0.0.1 when one
   answers): migrates, imports the file with `import_places` (time, peak memory — also for a file a
   fifth as big, to show memory does not grow with rows), then times 200 searches « within 20 km of a
   commune + a service + open now, first page of 20 » against a naive baseline measured in the same
   run (load every place and filter in Python, evaluating the opening hours of each).

    .venv/bin/python bench/places_search.py [--places 100000] [--searches 200]
"""

import argparse
import csv
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
HOURS = [
    "Mo-Fr 09:00-12:00,14:00-17:00",
    "Mo-Fr 08:30-17:30",
    "Tu-Sa 10:00-18:00",
    "Mo,We,Fr 14:00-18:00",
    "",
]


def generate(path: Path, count: int, seed: int = 7) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
    import django

    django.setup()
    from guichet.places import communes, schema

    rng = random.Random(seed)
    located = [c for c in communes.table() if c.latitude is not None]
    services = schema.vocabulary("services")
    supports = schema.vocabulary("prise_en_charge_specifique")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(schema.fields()))
        writer.writeheader()
        for n in range(count):
            commune = rng.choice(located)
            writer.writerow(
                {
                    "id": f"lieu-{n}",
                    "pivot": f"{rng.randrange(10**13, 10**14)}",
                    "nom": f"Lieu d'aide {n}",
                    "commune": commune.nom,
                    "code_postal": commune.postal_codes[0],
                    "code_insee": commune.code,
                    "adresse": f"{rng.randrange(1, 200)} rue de la République",
                    "latitude": f"{commune.latitude + rng.uniform(-0.02, 0.02):.5f}",
                    "longitude": f"{commune.longitude + rng.uniform(-0.02, 0.02):.5f}",
                    "horaires": rng.choice(HOURS),
                    "date_maj": "2026-11-01",
                    "services": "|".join(rng.sample(services, rng.randrange(1, 4))),
                    "prise_en_charge_specifique": "|".join(rng.sample(supports, rng.randrange(0, 2))),
                    "frais_a_charge": "Gratuit",
                }
            )


CHILD = r"""
import json, os, random, resource, sys, time, datetime
sys.path.insert(0, {root!r})
os.environ["DJANGO_SETTINGS_MODULE"] = "guichet.settings"
import django
django.setup()
from django.core.management import call_command
from django.utils import timezone
from guichet.places import communes, selectors, hours
from guichet.places.models import Place
from guichet.places.services import imports

def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

call_command("migrate", verbosity=0)
mode = sys.argv[1]
if mode == "import":
    started = time.perf_counter()
    with open(sys.argv[2], "rb") as stream:
        report = imports.import_places(data=stream, filename="lieux.csv", source="bench")
    print(json.dumps({{"seconds": time.perf_counter() - started, "created": report.created,
                       "rejected": len(report.rejected), "peak_mb": peak_mb()}}))
    sys.exit(0)
rng = random.Random(11)
located = [c for c in communes.table() if c.latitude is not None]
service = "Aide aux démarches administratives"
now = timezone.make_aware(datetime.datetime(2026, 12, 8, 10, 30))
def ours(commune):
    found = selectors.search(where=commune.postal_codes[0], service=service, open_now=True, now=now,
                             distance_km=20)
    return [p.pk for p in found[:20]]
def naive(commune):
    import opening_hours
    origin = communes.centre(communes.find(commune.postal_codes[0]))
    rows = []
    for place in Place.objects.all():
        if place.latitude is None or service not in place.services or not place.horaires:
            continue
        distance = selectors.kilometres(origin[0], origin[1], place.latitude, place.longitude)
        if distance <= 20 and opening_hours.OpeningHours(place.horaires).is_open(now.replace(tzinfo=None)):
            rows.append((distance, place.nom, place.pk))
    return [pk for _d, _n, pk in sorted(rows)[:20]]
searches = int(sys.argv[2])
picked = [rng.choice(located) for _ in range(searches)]
timings = {{"guichet": [], "naive": []}}
for commune in picked[:5]:
    ours(commune)
for commune in picked:
    started = time.perf_counter(); ours(commune); timings["guichet"].append((time.perf_counter() - started) * 1000)
for commune in picked[: max(3, searches // 40)]:
    started = time.perf_counter(); naive(commune); timings["naive"].append((time.perf_counter() - started) * 1000)
# Same answers: the naive baseline is a reference, not a straw man.
same = all(ours(c) == naive(c) for c in picked[:3])
def p(values, q):
    values = sorted(values); return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]
print(json.dumps({{k: {{"p50": p(v, 0.5), "p95": p(v, 0.95), "n": len(v)}} for k, v in timings.items()}} | {{"same": same}}))
"""


def run(env: dict, *args) -> dict:
    out = subprocess.run(
        [PY, "-c", CHILD.format(root=str(ROOT)), *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def postgres_available() -> bool:
    try:
        import psycopg

        psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=2).close()
        return True
    except Exception:  # noqa: BLE001 — no server: the PostgreSQL part is skipped, and said so
        return False


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--places", type=int, default=100_000)
    parser.add_argument("--searches", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        big, small = work / "lieux.csv", work / "lieux-petit.csv"
        generate(big, args.places)
        generate(small, args.places // 5)
        databases = {"SQLite": f"sqlite:///{work / 'lieux.sqlite3'}"}
        if postgres_available():
            import psycopg

            with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
                db.execute("DROP DATABASE IF EXISTS guichet_bench_lieux")
                db.execute("CREATE DATABASE guichet_bench_lieux")
            databases["PostgreSQL"] = "postgres://postgres@127.0.0.1:5432/guichet_bench_lieux"
        else:
            print("PostgreSQL ne répond pas sur 127.0.0.1:5432 : mesure sur SQLite seulement.")
        for name, url in databases.items():
            # DEBUG off, as in production: in debug Django keeps the text of every query (a bulk insert
            # of 1,000 places is ~1 MB), which would grow memory with the file.
            env = {**os.environ, "DATABASE_URL": url, "DEBUG": "0"}
            if name == "SQLite":
                small_env = {**env, "DATABASE_URL": f"sqlite:///{work / 'petit.sqlite3'}"}
            else:
                small_env = None
            imported = run(env, "import", str(big))
            line = (
                f"{name} — import de {imported['created']} lieux : {imported['seconds']:.1f} s, "
                f"mémoire max {imported['peak_mb']:.0f} Mo"
            )
            if small_env:
                few = run(small_env, "import", str(small))
                line += (
                    f" (fichier de {few['created']} lieux : {few['seconds']:.1f} s, {few['peak_mb']:.0f} Mo)"
                )
            print(line)
            timed = run(env, "search", str(args.searches))
            print(
                f"{name} — recherche ≤ 20 km + service + ouvert maintenant, 1re page de 20 : "
                f"Guichet p50 {timed['guichet']['p50']:.1f} ms, p95 {timed['guichet']['p95']:.1f} ms "
                f"(n={timed['guichet']['n']}) ; naïf p50 {timed['naive']['p50']:.0f} ms, "
                f"p95 {timed['naive']['p95']:.0f} ms (n={timed['naive']['n']}) ; mêmes résultats : {timed['same']}"
            )
        if "PostgreSQL" in databases:
            import psycopg

            with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
                db.execute("DROP DATABASE IF EXISTS guichet_bench_lieux")
    return 0


if __name__ == "__main__":
    sys.exit(main())
