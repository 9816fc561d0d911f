"""The ordered process map: order, bounded work in flight, errors, one job in process."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from newslint.parallel import chunked, default_jobs, ordered_map

_STATE: dict[str, int] = {}


def _init(offset: int) -> None:
    _STATE["offset"] = offset


def _work(n: int) -> tuple[int, int]:
    if n == 13:
        raise ValueError("thirteen")
    return n + _STATE.get("offset", 0), os.getpid()


@pytest.fixture(autouse=True)
def _fresh_state() -> Iterator[None]:
    # One job runs the initializer in this process, and forked workers inherit what it set.
    _STATE.clear()
    yield
    _STATE.clear()


def test_chunked_keeps_order_and_the_tail() -> None:
    assert list(chunked(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(chunked([], 3)) == []
    # Small chunks first, so that every worker starts soon; then large ones.
    assert list(chunked(range(10), 4, first=1, first_count=3)) == [[0], [1], [2], [3, 4, 5, 6], [7, 8, 9]]
    assert list(chunked(range(2), 4, first=1, first_count=3)) == [[0], [1]]


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_come_back_in_input_order(jobs: int) -> None:
    results = list(ordered_map(_work, range(12), jobs=jobs, initializer=_init, initargs=(100,)))
    assert [value for value, _ in results] == [n + 100 for n in range(12)]


def test_two_jobs_use_other_processes_and_one_job_this_one() -> None:
    pids = {pid for _, pid in ordered_map(_work, range(12), jobs=2)}
    assert os.getpid() not in pids
    assert {pid for _, pid in ordered_map(_work, range(3), jobs=1)} == {os.getpid()}


def test_a_worker_error_is_raised_at_its_turn() -> None:
    seen: list[int] = []
    with pytest.raises(ValueError, match="thirteen"):
        for value, _ in ordered_map(_work, range(20), jobs=2):
            seen.append(value)
    assert seen == list(range(13))


def test_input_is_consumed_only_a_window_ahead() -> None:
    pulled: list[int] = []

    def source() -> Iterator[int]:
        for n in range(1000):
            pulled.append(n)
            yield n

    results = ordered_map(_work, source(), jobs=2, window=4)
    assert next(results)[0] == 0
    assert len(pulled) <= 5  # the window, plus the item whose submission filled it
    results.close()


def test_default_jobs_is_at_least_one() -> None:
    assert default_jobs() >= 1
