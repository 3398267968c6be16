"""Shared by the screening benchmarks: Django set-up, timing helpers, a machine note."""

import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
PERIOD = "2026-11"
WORK = ROOT / "var" / "bench"


def setup_django():
    import django

    django.setup()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summary(values):
    return {"p50": statistics.median(values), "p95": percentile(values, 0.95), "n": len(values)}


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_average():
    return os.getloadavg()


def run_child(code: str, *args) -> str:
    """Run `code` in a fresh Python (same venv) and return its last stdout line."""
    result = subprocess.run(
        [sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return result.stdout.strip().splitlines()[-1]
