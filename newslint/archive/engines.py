"""Where batches run: this machine's cores (``--jobs``) or a Dask cluster (``--engine dask``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple, TypeVar

from newslint.archive.records import Batch
from newslint.archive.work import Context, init_worker
from newslint.parallel import ordered_map

R = TypeVar("R")

ENGINES = ("local", "dask")  # command.py names them too, not to import this module at start-up


class Engine(NamedTuple):
    name: str = "local"
    jobs: int = 1
    scheduler: str | None = None
    window: int | None = None  # batches in flight; None: the engine's default


def run(
    engine: Engine,
    local: Callable[[Batch], R],
    remote: Callable[[Batch, Context], R],
    batches: Iterable[Batch],
    context: Context,
) -> Iterator[R]:
    """Results of ``local(batch)`` (or ``remote(batch, context)`` on Dask) in batch order."""
    if engine.name == "dask":
        from newslint.archive.dask_engine import dask_map

        return dask_map(remote, batches, context, scheduler=engine.scheduler, workers=engine.jobs, window=engine.window)
    return ordered_map(
        local, batches, jobs=engine.jobs, initializer=init_worker, initargs=(context,),
        window=engine.window,
    )
