"""``--engine dask``: the same batches on a Dask cluster, results in input order.

The job's own process reads the input and writes the output, so gzip files,
stdin, record numbers, checkpoints and the atomic rename work as they do
locally; Dask workers do the fixing, which is where the time goes. Batches
are submitted as futures with a bounded number in flight (twice the
cluster's threads), so memory stays flat however long the archive is. The
rules are scattered to every worker once, each batch to the worker that
fixes it. Without ``--scheduler`` a LocalCluster of ``--jobs`` worker
processes is started for the run.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from newslint.archive.formats import ArchiveError, require

T = TypeVar("T")
C = TypeVar("C")
R = TypeVar("R")

PURPOSE = "--engine dask"
CONNECT_TIMEOUT = "10s"


def _connect(scheduler: str | None, workers: int) -> tuple[Any, Any]:
    distributed = require("distributed", PURPOSE)
    if scheduler is None:
        import dask

        # The workers' statistical profiler samples every 10 ms, time a batch job can use;
        # a cluster the user runs keeps its own settings.
        with dask.config.set({"distributed.worker.profile.enabled": False}):
            cluster = distributed.LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True,
                dashboard_address=":0", silence_logs=logging.ERROR,  # a free port: never a user's dashboard
            )
        return distributed.Client(cluster), cluster
    try:
        return distributed.Client(scheduler, timeout=CONNECT_TIMEOUT), None
    except (OSError, TimeoutError, ValueError) as exc:
        raise ArchiveError(f"--scheduler {scheduler}: cannot connect to a Dask scheduler ({exc})") from None


def dask_map(
    func: Callable[[T, C], R],
    items: Iterable[T],
    context: C,
    *,
    scheduler: str | None,
    workers: int,
    window: int | None = None,
) -> Iterator[R]:
    """``func(item, context)`` for each item on Dask, yielded in input order."""
    client, cluster = _connect(scheduler, workers)
    pending: deque[Any] = deque()
    try:
        # A list, so that scatter sends the context whole and not item by item.
        [shared] = client.scatter([context], broadcast=True, hash=False)
        threads = sum(client.nthreads().values()) or 1
        limit = window or 2 * threads + 2
        for item in items:
            # Scattered, the batch goes straight to a worker. As a task argument it would
            # travel in the graph, whose messages under 1 MB the client and the scheduler
            # keep in a 1,000-message debugging log: 0.5 GB of stories on a long run.
            [data] = client.scatter([item], hash=False)
            pending.append(client.submit(func, data, shared, pure=False))
            if len(pending) >= limit:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
        client.close()
        if cluster is not None:
            cluster.close()
