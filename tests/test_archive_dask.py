"""``--engine dask``: on a LocalCluster the output is the local run's, record for record."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newslint.archive import dask_engine
from tests.archive_data import LEGACY, many, normalize, read_jsonl, write_jsonl

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A cluster of two in-process workers (threads), as an existing cluster is reached: by address."""
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0"
    ) as local:
        yield local.scheduler_address


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Sixty records and their local normalisation."""
    base = tmp_path_factory.mktemp("dask")
    source = write_jsonl(base / "in.jsonl.gz", many(60))
    local = base / "local.jsonl"
    assert normalize(source, "-o", local, *LEGACY, "-j", "1").exit_code == 1
    return source, local


def test_a_scheduler_address_runs_the_job_there(cluster: str, corpus: tuple[Path, Path], tmp_path: Path) -> None:
    source, local = corpus
    out = tmp_path / "dask.jsonl"
    result = normalize(source, "-o", out, *LEGACY, "--scheduler", cluster, "--chunk-size", "4", "--checkpoint", "8")
    assert result.exit_code == 1, result.stderr
    assert read_jsonl(out) == read_jsonl(local)
    assert out.read_bytes() == local.read_bytes()


def test_dask_reports_bad_records_as_the_local_run_does(cluster: str, tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "body": "Up 5 pct."}\nnot json\n{"id": 3, "body": null}\n')
    local = normalize(source, "-o", tmp_path / "local.jsonl", "--isolated")
    remote = normalize(source, "-o", tmp_path / "dask.jsonl", "--isolated", "--engine", "dask", "--scheduler", cluster)
    assert remote.exit_code == local.exit_code == 2
    assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    warnings = [line for line in remote.stderr.splitlines() if "warning" in line]
    assert warnings == [line for line in local.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 2


def test_a_local_cluster_of_worker_processes(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    source, local = corpus
    out = tmp_path / "dask.jsonl"
    result = normalize(source, "-o", out, *LEGACY, "--engine", "dask", "-j", "2", "--chunk-size", "10")
    assert result.exit_code == 1, result.stderr
    assert read_jsonl(out) == read_jsonl(local)


def test_an_unreachable_scheduler_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dask_engine, "CONNECT_TIMEOUT", "1s")
    source = write_jsonl(tmp_path / "in.jsonl", many(2))
    result = normalize(source, "-o", tmp_path / "out.jsonl", "--scheduler", "tcp://127.0.0.1:9")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("newslint: error: --scheduler tcp://127.0.0.1:9: cannot connect to a Dask scheduler")
    assert not (tmp_path / "out.jsonl").exists()
