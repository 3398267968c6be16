"""Write a synthetic caseload (one row per person, deterministic for a seed) for `manage.py screen`.

    python bench/generate_households.py [N] [--seed 42] [--out var/bench/households-N.parquet]

Without arguments (as `make bench` runs it), writes 10,000 households to var/bench/.
"""

import argparse
import time

from _common import WORK, setup_django

setup_django()

from guichet.screening.batch.synthetic import write_synthetic  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("households", nargs="?", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    out = args.out or WORK / f"households-{args.households}-seed{args.seed}.parquet"
    started = time.monotonic()
    rows = write_synthetic(out, args.households, seed=args.seed)
    print(f"{out} : {args.households} foyers, {rows} lignes, {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
