"""An ordered map over worker processes, for archives and many files.

Results come back in input order and are yielded as soon as they and every
result before them are ready. At most ``window`` tasks are in flight, so a
caller streaming millions of records holds a bounded number of them, however
long the input. With one job nothing is forked: the work runs in this process.
"""

from __future__ import annotations

import os
import sys
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    """The cores this process may use (its CPU affinity where the platform tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS and Windows have no affinity call
        return max(1, os.cpu_count() or 1)


def chunked(items: Iterable[T], size: int, *, first: int | None = None, first_count: int = 0) -> Iterator[list[T]]:
    """Lists of up to ``size`` consecutive items (the first ``first_count`` of up to ``first``):
    one task per list keeps IPC off the hot path."""
    iterator = iter(items)
    for _ in range(first_count if first is not None else 0):
        if not (chunk := list(islice(iterator, first))):
            return
        yield chunk
    while chunk := list(islice(iterator, size)):
        yield chunk


def _context() -> Any:
    import multiprocessing

    # fork starts a worker in milliseconds and shares the parent's loaded rules; it is
    # safe here because newslint starts no threads before the pool. Elsewhere (macOS,
    # Windows) spawn is the only safe choice.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _start_worker(parent: int, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]) -> None:
    """Set a worker up: its parent alone decides when to stop, and it never outlives it."""
    import signal
    import threading

    # Ctrl-C reaches the whole process group: the parent stops the pool, keeping what is
    # done; a traceback from every worker helps no one.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
    if initializer is not None:
        initializer(*initargs)


def _exit_with(parent: int) -> None:
    # A forked worker holds its own copy of the task pipe, so it would wait for work forever
    # once its parent is killed outright (SIGKILL, out of memory).
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def ordered_map(
    func: Callable[[T], R],
    items: Iterable[T],
    *,
    jobs: int,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
    window: int | None = None,
) -> Generator[R, None, None]:
    """``map(func, items)`` on ``jobs`` processes, in order, with at most ``window`` tasks in flight.

    ``func`` and ``initializer`` must be module-level functions (they are pickled by
    name). An exception in a worker is raised here, at its item's turn. Closing the
    iterator early cancels what has not started.
    """
    if jobs <= 1:
        if initializer is not None:
            initializer(*initargs)
        yield from map(func, items)
        return
    from concurrent.futures import ProcessPoolExecutor  # a run on one core never needs it

    limit = window or 4 * jobs
    pool = ProcessPoolExecutor(
        jobs, mp_context=_context(), initializer=_start_worker, initargs=(os.getpid(), initializer, initargs)
    )
    pending: deque[Future[R]] = deque()
    try:
        for item in items:
            pending.append(pool.submit(func, item))
            if len(pending) >= limit:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
