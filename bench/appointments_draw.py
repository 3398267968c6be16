"""Fair mode: a window with 100,000 requests (synthetic) and 1,000 places, drawn then verified, on
PostgreSQL when a server is reachable (else SQLite). Target: the draw in 10 s or less, memory flat.

Baseline, in the same run: the obvious way (load the requests as objects, random.shuffle, save() each
one), on 10,000 requests, its time multiplied by 10 for 100,000 (linear: one UPDATE per request).

    python bench/appointments_draw.py [--requests N]
"""

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB = "guichet_bench_rdv"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(count: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
    import django

    django.setup()
    import datetime
    import random

    from django.core.management import call_command
    from django.db import connection

    from guichet.accounts.models import Organisation
    from guichet.appointments.models import DrawRequest, Motif, WeeklyOpening
    from guichet.appointments.services import fair
    from guichet.places.models import Place

    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(name="Préfecture (banc)")
    place = Place.objects.create(
        source="banc", source_id=str(time.time()), nom="Préfecture", commune="Agen", code_postal="47000",
        adresse="Place de Verdun", date_maj=datetime.date(2026, 1, 1), organisation=organisation,
    )  # fmt: skip
    motif = Motif.objects.create(
        place=place, organisation=organisation, label="Titre de séjour", duration_minutes=15, capacity=5,
        fair_mode=True, booking_horizon_days=90,
    )  # fmt: skip
    for weekday in range(5):
        WeeklyOpening.objects.create(
            motif=motif, weekday=weekday, starts=datetime.time(9), ends=datetime.time(12),
            valid_from=datetime.date(2026, 1, 1),
        )  # fmt: skip
    now = datetime.datetime(2027, 3, 1, 8, tzinfo=datetime.UTC)
    # 3 weeks of slots from 2027-03-08: 15 days x 12 slots x 5 places = 900 places
    window = fair.open_window(
        motif=motif, opens_at=now - datetime.timedelta(days=7), closes_at=now,
        slots_from=datetime.date(2027, 3, 8), slots_until=datetime.date(2027, 3, 26), offline_percent=25,
    )  # fmt: skip

    def generate(target_window, n, prefix):
        channels = ["online"] * 8 + ["phone", "counter"]
        batch = []
        for i in range(n):
            reference = f"{prefix}{i:08d}"
            batch.append(
                DrawRequest(
                    window=target_window,
                    reference=reference,
                    code_hash="-",
                    channel=channels[i % 10],
                    person_name=f"Personne {i}",
                    birth_date=datetime.date(1980, 1, 1) + datetime.timedelta(days=i % 9000),
                    postal_address="1 rue",
                    identity_key=f"{prefix}{i}",
                    phone_key="",
                )  # fmt: skip
            )
            if len(batch) == 5000:
                DrawRequest.objects.bulk_create(batch)
                batch = []
        if batch:
            DrawRequest.objects.bulk_create(batch)

    start = time.perf_counter()
    generate(window, count, "T")
    generated = time.perf_counter() - start
    memory_before = peak_mb()
    start = time.perf_counter()
    outcome = fair.draw(window=window, now=now)
    drawn = time.perf_counter() - start
    memory_after = peak_mb()
    window.refresh_from_db()
    start = time.perf_counter()
    problems = fair.verify(window)
    verified = time.perf_counter() - start

    # baseline: objects, random.shuffle, one save() per request, on 10,000
    other = fair.open_window(
        motif=motif, opens_at=now - datetime.timedelta(days=7), closes_at=now,
        slots_from=datetime.date(2027, 3, 29), slots_until=datetime.date(2027, 4, 16),
    )  # fmt: skip
    sample = min(count, 10_000)
    generate(other, sample, "B")
    start = time.perf_counter()
    requests = list(DrawRequest.objects.filter(window=other))
    random.Random(7).shuffle(requests)
    for rank, request in enumerate(requests, 1):
        request.rank = rank
        request.status = DrawRequest.Status.WAITLIST
        request.save()
    naive = (time.perf_counter() - start) * count / sample

    print(f"base : {connection.vendor}, {count} demandes, {outcome['places']} places")
    print(f"  génération des demandes     {generated:6.1f} s")
    print(
        f"  tirage (Guichet)            {drawn:6.1f} s   ({outcome['assigned']} attribuées, liste d'attente {outcome['waitlist']})"
    )
    print(
        f"  vérification (verify_draw)  {verified:6.1f} s   {'identique' if not problems else problems[:3]}"
    )
    print(
        f"  référence naïve (shuffle + save par demande, mesurée sur {sample}, x{count // sample}) : {naive:6.1f} s"
    )
    print(f"  mémoire du processus : {memory_before:.0f} Mo avant le tirage, {memory_after:.0f} Mo après")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--child", action="store_true")
    options = parser.parse_args()
    if options.child:
        child(options.requests)
        return 0
    url = None
    try:
        import psycopg

        with psycopg.connect(
            "postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True, connect_timeout=2
        ) as db:
            db.execute(f"DROP DATABASE IF EXISTS {DB}")
            db.execute(f"CREATE DATABASE {DB}")
        url = f"postgres://postgres@127.0.0.1:5432/{DB}"
    except Exception:  # no PostgreSQL here: SQLite in var/bench
        (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
        path = ROOT / "var" / "bench" / "rdv.sqlite3"
        path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "0"}
    return subprocess.call(
        [sys.executable, __file__, "--child", "--requests", str(options.requests)], env=env
    )


if __name__ == "__main__":
    sys.exit(main())
