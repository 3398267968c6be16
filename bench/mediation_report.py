"""Activity report over 20,000 sessions: counted by the database (ours) vs in Python (baseline).

The baseline is what a first version would do: load every session of the period with its themes and
count in Python. Both run in this process, on the same temporary SQLite database; the script checks
they give the same figures, then prints their times and the ratio.
"""

import datetime
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
DB = Path(tempfile.mkdtemp()) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from guichet.accounts.models import Organisation, User  # noqa: E402
from guichet.mediation.models import MediationSession, SessionTheme  # noqa: E402
from guichet.mediation.reports import Period, activity_report  # noqa: E402
from guichet.procedures.models import Category  # noqa: E402

SESSIONS = 20_000
PEOPLE = 2_000


def populate() -> Organisation:
    call_command("migrate", verbosity=0)
    rng = random.Random(7)  # noqa: S311 — repeatable data, not a secret
    organisation = Organisation.objects.create(name="Bench", kind="ccas")
    aidants = User.objects.bulk_create(User(username=f"aidant{i}") for i in range(10))
    people = User.objects.bulk_create(User(username=f"p{i}") for i in range(PEOPLE))
    start = datetime.date(2026, 1, 1)
    sessions = MediationSession.objects.bulk_create(
        MediationSession(
            organisation=organisation,
            aidant=rng.choice(aidants),
            person=rng.choice(people),
            happened_on=start + datetime.timedelta(days=rng.randrange(365)),
            channel=rng.choice(["counter", "phone", "online", "mail", "aidant"]),
            minutes=rng.choice([15, 30, 45, 60]),
            outcome=rng.choice(["abouti", "a_poursuivre", "oriente", "non_abouti"]),
        )
        for _ in range(SESSIONS)
    )
    SessionTheme.objects.bulk_create(
        SessionTheme(session=s, theme=theme)
        for s in sessions
        for theme in rng.sample(Category.values, rng.choice([1, 2]))
    )
    return organisation


def baseline(organisation, period):
    sessions = list(
        MediationSession.objects.filter(
            organisation=organisation, happened_on__range=(period.start, period.end)
        ).prefetch_related("themes")
    )
    themes = Counter(t.theme for s in sessions for t in s.themes.all())
    return len(sessions), len({s.person_id for s in sessions}), sum(s.minutes for s in sessions), themes


def timed(function, repeat=5):
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - began)
    return best, result


def main():
    organisation = populate()
    period = Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    ours_time, report = timed(lambda: activity_report(organisation_ids=[organisation.pk], period=period))
    base_time, (sessions, people, minutes, themes) = timed(lambda: baseline(organisation, period))
    assert (report.sessions, report.people, report.minutes) == (sessions, people, minutes)
    assert {code: total for code, _label, total in report.by_theme} == dict(themes)
    print(f"Rapport d'activité, {SESSIONS} accompagnements sur un an (meilleur de 5) :")
    print(f"  comptes en base (Guichet) : {ours_time * 1000:.1f} ms")
    print(f"  comptes en Python (référence) : {base_time * 1000:.1f} ms")
    print(f"  rapport : {base_time / ours_time:.1f} fois plus rapide")


if __name__ == "__main__":
    main()
