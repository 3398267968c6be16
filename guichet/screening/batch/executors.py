"""Where chunks are parsed and computed: in this process, in a pool of worker processes that keep the
tax-benefit system loaded, or on a dask.distributed cluster (local by default, or `scheduler`).

Every executor maps `screen_raw_chunk` over the raw chunks of `reading.iter_raw_chunks` and yields
their `ChunkOutcome` in the chunks' order, with at most about `workers + 1` chunks in flight.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections import deque
from dataclasses import dataclass

import numpy as np

from guichet.screening.batch.reading import InvalidRow, parse_chunk
from guichet.screening.benefits import BENEFITS


def screen_chunk(households, period: str, codes, plan=None) -> dict[str, np.ndarray]:
    """Monthly euros per household for each code (css: 0 none, 1 free, 2 with participation) and "total"."""
    from guichet.screening.engine.compute import compute_households
    from guichet.screening.engine.prefill import register_plan

    if plan is not None:
        register_plan(period, codes, plan)
    chunk = compute_households(households, period, codes)
    results = {}
    total = np.zeros(len(households))
    for code in codes:
        arrays = chunk.benefits[code]
        if BENEFITS[code].period_kind == "coverage":
            results[code] = np.where(arrays.free, 1, np.where(arrays.participation > 0, 2, 0))
        else:
            results[code] = arrays.monthly
            total += arrays.monthly
    results["total"] = np.round(total, 2)
    del chunk
    gc.collect()  # a simulation is a web of reference cycles: free it now, so memory stays flat
    return results


@dataclass
class ChunkOutcome:
    """What a worker sends back for one raw chunk."""

    ids: list[str]  # the valid households, in the file's order
    results: dict[str, np.ndarray]  # as screen_chunk returns them ({} when no household is valid)
    invalid_rows: list[InvalidRow]  # in the file's order
    invalid_households: int
    rows: int  # rows of the file in the chunk


def screen_raw_chunk(chunk, period: str, codes, plan=None) -> ChunkOutcome:
    """Parse a raw chunk into households and screen the valid ones (runs in the worker)."""
    parsed = parse_chunk(chunk)
    results = screen_chunk(parsed.households, period, codes, plan) if parsed.households else {}
    return ChunkOutcome(
        ids=parsed.ids,
        results=results,
        invalid_rows=parsed.invalid_rows,
        invalid_households=parsed.invalid_households,
        rows=chunk.row_count,
    )


def _prepare(period: str, codes):
    from guichet.screening.engine.prefill import plan_for
    from guichet.screening.engine.system import tax_benefit_system

    tax_benefit_system()
    return plan_for(period, codes)


class LocalExecutor:
    def __init__(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def map_chunks(self, chunks, period, codes):
        _prepare(period, codes)
        for chunk in chunks:
            yield screen_raw_chunk(chunk, period, codes)


class ProcessExecutor:
    """N forked worker processes; the system and the plan are loaded before forking (shared pages)."""

    def __init__(self, workers: int):
        self.workers = workers
        self.pool = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.pool is not None:
            self.pool.terminate() if exc[0] else self.pool.close()
            self.pool.join()
        return False

    def map_chunks(self, chunks, period, codes):
        _prepare(period, codes)
        self.pool = multiprocessing.get_context("fork").Pool(self.workers)
        pending = deque()
        for chunk in chunks:
            pending.append(self.pool.apply_async(screen_raw_chunk, (chunk, period, codes)))
            while len(pending) > self.workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


LOCAL_CLUSTER_START_METHOD = "forkserver"


def _local_cluster_start_method() -> str:
    """How a LocalCluster starts its workers: forked from multiprocessing's fork server, which has loaded
    the tax-benefit system once (worker_boot), rather than spawned, each loading it (about 4 s of CPU, and
    slower when they all load at once: a fixed cost that 2 workers do not halve). The server is started
    once per process and reused by later clusters; spawn where there is no fork server."""
    method = LOCAL_CLUSTER_START_METHOD
    if method != "forkserver" or method not in multiprocessing.get_all_start_methods():
        return "spawn"
    from multiprocessing import forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload(
        ["distributed", "guichet.screening.batch.worker_boot"]
    )
    forkserver.ensure_running()  # a server already running keeps its preload
    return method


def quiet_distributed() -> None:
    """dask.distributed tells every start and stop of its scheduler, nannies and workers at INFO, in
    English, on the terminal where `screen` shows its own progress and French summary: warnings only.
    (Its logging is set up when it is imported, after Django's: hence here, and in worker_boot.)"""
    import logging

    logging.getLogger("distributed").setLevel(logging.WARNING)


class DaskExecutor:
    """Chunks as tasks on dask.distributed: a LocalCluster of `workers` single-threaded processes, or
    the cluster at `scheduler` (tcp://host:8786). The prefill plan is computed here and broadcast."""

    def __init__(self, workers: int, scheduler: str | None):
        self.workers = workers
        self.scheduler = scheduler
        self.client = self.cluster = None

    def __enter__(self):
        from distributed import Client, LocalCluster

        quiet_distributed()

        if self.scheduler:
            self.client = Client(self.scheduler)
        else:
            import dask

            # Dask's statistical profiler samples the task's stack every 10 ms, and OpenFisca's formulas
            # recurse deep: about 10% of a worker's CPU, and the task waits for the GIL meanwhile.
            local = {
                "distributed.worker.multiprocessing-method": _local_cluster_start_method(),
                "distributed.worker.profile.enabled": False,
            }
            with dask.config.set(local):
                self.cluster = LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    host="127.0.0.1",
                )
            self.client = Client(self.cluster)
        return self

    def __exit__(self, *exc):
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        return False

    def map_chunks(self, chunks, period, codes):
        from guichet.screening.engine.prefill import plan_for

        # No tax-benefit system in this process (the scheduler's, on a LocalCluster): the plan comes from
        # the disk cache, and only when it must be computed does plan_for load the system here.
        plan = plan_for(period, codes)
        [plan_future] = self.client.scatter([plan], broadcast=True)
        in_flight = max(2, 2 * len(self.client.scheduler_info().get("workers", {})) or self.workers)
        pending = deque()
        for chunk in chunks:
            pending.append(
                self.client.submit(screen_raw_chunk, chunk, period, codes, plan_future, pure=False)
            )
            while len(pending) > in_flight:
                future = pending.popleft()
                yield future.result()
                future.release()
        while pending:
            future = pending.popleft()
            yield future.result()
            future.release()


def make_executor(engine: str, workers: int, scheduler: str | None = None):
    if engine == "dask":
        return DaskExecutor(workers, scheduler)
    if engine != "local":
        raise ValueError("--engine : local ou dask.")
    if workers == 1:
        return LocalExecutor()
    return ProcessExecutor(workers)
