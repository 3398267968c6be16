"""Caseload throughput and peak memory: our engine (1 and 2 worker processes) on 10k and 100k synthetic
households (and 1M with BENCH_FULL=1), plain OpenFisca-France vectorised in chunks of 10,000 households
on a 10k sample in the same run, and Dask 1 vs 2 workers. Five benefits: rsa, ppa, aides logement, af, aah.

Each measure runs in a fresh process so that its peak RSS (the process and its workers) is its own.
CPU seconds and peak RSS count every descendant process (a Dask LocalCluster's fork server and its
workers included); the RSS sum counts pages shared by forked processes once per process.
Environment: BENCH_SIZES=10000,100000 to choose sizes; BENCH_FULL=1 adds 1,000,000; BENCH_DASK_SIZE
(default 100000) and BENCH_DASK_CHUNK (default 10000) for Dask, whose figures are printed under
"dask_<size/1000>k" (was "dask_20k": 20,000 households in chunks of 2,500, too few to show 2 workers
scale, the fixed start-up of the workers weighing as much as the computation) with "dask_chunk_size".
"""

import json
import os
import time

from _common import PERIOD, WORK, load_average, run_child, setup_django

setup_django()

from guichet.screening.batch.synthetic import write_synthetic  # noqa: E402
from guichet.screening.benefits import CORE_BATCH_BENEFITS  # noqa: E402

CODES = ",".join(CORE_BATCH_BENEFITS)

OURS = """
import os, resource, sys, threading, time
import psutil
peak, descendants_cpu = [0], {}
def sample():
    # RSS and CPU of every descendant: the workers of a Dask LocalCluster are children of the fork
    # server, which outlives the run, so RUSAGE_CHILDREN does not see them.
    me = psutil.Process()
    while True:
        total = me.memory_info().rss
        for child in me.children(recursive=True):
            try:
                total += child.memory_info().rss
                times = child.cpu_times()
                descendants_cpu[child.pid] = times.user + times.system
            except psutil.Error:
                pass
        peak[0] = max(peak[0], total)
        time.sleep(0.2)
threading.Thread(target=sample, daemon=True).start()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
import django; django.setup()
from guichet.screening.batch import run_file
source, out, engine, workers, chunk = sys.argv[1:6]
usage = resource.getrusage(resource.RUSAGE_SELF)
cpu_before = usage.ru_utime + usage.ru_stime
t = time.monotonic()
report = run_file(source, out, period="%s", benefits="%s".split(","), engine=engine, workers=int(workers), chunk_size=int(chunk))
seconds = time.monotonic() - t
me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
rss = max(me.ru_maxrss, children.ru_maxrss, peak[0] / 1024) / 1024  # all processes together
cpu = me.ru_utime + me.ru_stime + max(children.ru_utime + children.ru_stime, sum(descendants_cpu.values()))
print(report.households_ok, round(seconds, 2), round(rss), round(cpu - cpu_before, 2))
""" % (PERIOD, CODES)  # noqa: UP031

PLAIN = """
import os, resource, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
import django; django.setup()
from guichet.screening.batch.reading import iter_households, iter_rows
from guichet.screening.benefits import BENEFITS
from guichet.screening.engine import tax_benefit_system
from guichet.screening.engine.situation import build_simulation
from guichet.screening.engine import fast_parameters, fast_periods
tax_benefit_system()
fast_parameters.disable()  # plain: openfisca-core's own parameter indexing
fast_periods.disable()  # and its own period arithmetic
source, chunk = sys.argv[1], int(sys.argv[2])
usage = resource.getrusage(resource.RUSAGE_SELF)
cpu_before = usage.ru_utime + usage.ru_stime
t = time.monotonic()
count, households = 0, []
def run(households):
    simulation, _ = build_simulation(households, "%s")
    for code in "%s".split(","):
        simulation.calculate(BENEFITS[code].variable, "%s")
for _, household, _ in iter_households(iter_rows(source)):
    if household is None:
        continue
    households.append(household)
    count += 1
    if len(households) == chunk:
        run(households)
        households = []
if households:
    run(households)
seconds = time.monotonic() - t
usage = resource.getrusage(resource.RUSAGE_SELF)
print(count, round(seconds, 2), round(usage.ru_maxrss / 1024), round(usage.ru_utime + usage.ru_stime - cpu_before, 2))
""" % (PERIOD, CODES, PERIOD)  # noqa: UP031


def _figures(line):
    households, seconds, rss, cpu = line.split()
    households, seconds, cpu = int(households), float(seconds), float(cpu)
    return {
        "households": households,
        "seconds": seconds,
        "households_per_s": households / seconds,
        "cpu_seconds": cpu,
        "households_per_cpu_s": households / cpu,
        "peak_rss_mb": int(rss),
    }


def ours(source, engine, workers, chunk=10000):
    out = source.with_name(source.stem + f".{engine}{workers}.out.parquet")
    return _figures(run_child(OURS, source, out, engine, workers, chunk))


def plain(source, chunk=10000):
    return _figures(run_child(PLAIN, source, chunk))


def dataset(size):
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / f"households-{size}.parquet"
    if not path.exists():
        write_synthetic(path, size, seed=42)
    return path


def main():
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "10000,100000").split(",")]
    if os.environ.get("BENCH_FULL") == "1" and 1_000_000 not in sizes:
        sizes.append(1_000_000)
    figures = {"benefits": CODES, "period": PERIOD, "load_average_start": load_average(), "runs": []}
    sample = dataset(10000)
    started = time.monotonic()
    baseline = plain(sample)
    figures["plain_vectorised_chunks_10000_on_10k"] = baseline
    mine = ours(sample, "local", 1)
    figures["ours_1_worker_on_10k"] = mine
    figures["ratio_one_core_vs_plain_wall"] = mine["households_per_s"] / baseline["households_per_s"]
    figures["ratio_one_core_vs_plain_cpu"] = mine["households_per_cpu_s"] / baseline["households_per_cpu_s"]
    print(json.dumps(figures, indent=2), flush=True)
    dask_size = int(os.environ.get("BENCH_DASK_SIZE", "100000"))
    dask_chunk = int(os.environ.get("BENCH_DASK_CHUNK", "10000"))
    dask_source = dataset(dask_size)
    dask = {workers: ours(dask_source, "dask", workers, chunk=dask_chunk) for workers in (1, 2)}
    dask_key = f"dask_{dask_size // 1000}k"
    figures[dask_key] = dask
    figures["dask_chunk_size"] = dask_chunk
    figures["dask_speedup_2_vs_1"] = dask[2]["households_per_s"] / dask[1]["households_per_s"]
    print(
        json.dumps(
            {
                dask_key: dask,
                "dask_chunk_size": dask_chunk,
                "dask_speedup_2_vs_1": figures["dask_speedup_2_vs_1"],
            }
        ),
        flush=True,
    )
    for size in sizes:
        source = dataset(size)
        for workers in (1, 2):
            if size >= 1_000_000 and workers == 1:
                continue  # the 1M run uses both cores
            run = {"size": size, "engine": "local", "workers": workers, **ours(source, "local", workers)}
            figures["runs"].append(run)
            print(json.dumps(run), flush=True)
    figures["load_average_end"] = load_average()
    figures["total_seconds"] = time.monotonic() - started
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
