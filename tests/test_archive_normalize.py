"""``newslint normalize``: bad records, exit codes, the output file, --resume, --jobs and progress."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newslint.archive import sink, work
from tests.archive_data import LEGACY, RECORDS, many, normalize, read_jsonl, write_jsonl
from tests.conftest import shared_path

ROOT = Path(__file__).resolve().parent.parent


def test_bad_records_are_reported_by_number_and_copied_unchanged(tmp_path: Path) -> None:
    lines = [json.dumps(r) + "\n" for r in RECORDS[:2]]
    bad = [
        '{"id": 7, "body": "unclosed"\n',
        "[1, 2]\n",
        '{"id": 8, "body": null}\n',
        '{"id": 9, "title": "T"}\n',
        '{"id": 10, "id": 11, "body": "twice"}\n',
        b'{"id": 12, "body": "caf\xe9"}\n'.decode("latin-1"),
    ]
    source = tmp_path / "in.jsonl"
    source.write_bytes("".join(lines[:1] + bad + ["\n"] + lines[1:]).encode("latin-1"))
    out = tmp_path / "out.jsonl"
    result = normalize(source, "-o", out, "--isolated", "--profile", "legacy-wire")
    assert result.exit_code == 2
    name = str(source)
    warnings = [line for line in result.stderr.splitlines() if line.startswith("newslint: warning")]
    assert warnings == [
        f"newslint: warning: {name}[#2]: not JSON (Expecting ',' delimiter at column 29); copied unchanged",
        f"newslint: warning: {name}[#3]: not a JSON object (it is a list); copied unchanged",
        f"newslint: warning: {name}[id=8]: field 'body' is null, not text; copied unchanged",
        f"newslint: warning: {name}[id=9]: no field 'body'; copied unchanged",
        f"newslint: warning: {name}[#6]: not a usable JSON object (duplicate key 'id'); copied unchanged",
        f"newslint: warning: {name}[#7]: not valid UTF-8; copied unchanged",
    ]
    written = out.read_bytes().decode("latin-1").splitlines(keepends=True)
    assert written[1:7] == bad  # copied byte for byte; the blank line is not a record
    assert len(written) == 8
    assert "unreadable     6 records, copied unchanged" in result.stderr
    assert "8 records read, 8 written" in result.stderr


def test_exit_codes_follow_newslint_check(tmp_path: Path) -> None:
    clean = write_jsonl(tmp_path / "clean.jsonl", [RECORDS[1]])
    assert normalize(clean, "-o", tmp_path / "a.jsonl", "--isolated").exit_code == 0
    dirty = write_jsonl(tmp_path / "dirty.jsonl", RECORDS)
    assert normalize(dirty, "-o", tmp_path / "b.jsonl", "--isolated").exit_code == 1
    # Nothing left to change, but a finding no fix settles (a headline in capitals).
    fixed = write_jsonl(tmp_path / "fixed.jsonl", [{"title": "COCOA EXPORTS RISE", "body": "Up.\n"}])
    result = normalize(fixed, "-o", tmp_path / "c.jsonl", "--isolated", "--title-field", "title")
    assert result.exit_code == 1
    assert "changed        0 records" in result.stderr and "CAP103 1" in result.stderr
    assert normalize(dirty, "-o", tmp_path / "d.jsonl", "--select", "NOPE").exit_code == 2


def test_an_existing_output_is_kept_unless_forced(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", RECORDS)
    out = tmp_path / "out.jsonl"
    out.write_text("keep me\n")
    result = normalize(source, "-o", out, "--isolated")
    assert result.exit_code == 2
    assert result.stderr == f"newslint: error: {out}: exists; use --force to replace it\n"
    assert out.read_text() == "keep me\n"
    assert normalize(source, "-o", out, "--isolated", "--force").exit_code == 1
    assert len(read_jsonl(out)) == len(RECORDS)


def test_the_input_may_be_replaced_in_place_with_force(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", RECORDS)
    assert normalize(source, "-o", source, *LEGACY, "--force").exit_code == 1
    assert read_jsonl(source)[3]["body"] == "The bank lent 1,200 people $3 million.\n"


def _interrupt_after(monkeypatch: pytest.MonkeyPatch, parts: int) -> None:
    def hook(done: int) -> None:
        if done == parts:
            raise KeyboardInterrupt

    monkeypatch.setattr(sink, "checkpoint_hook", hook)


def test_an_interrupted_run_leaves_out_untouched_and_resumes_where_it_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = many(40)
    source = write_jsonl(tmp_path / "in.jsonl.gz", records)
    reference = tmp_path / "reference.jsonl.gz"
    assert normalize(source, "-o", reference, *LEGACY).exit_code == 1
    out = tmp_path / "out.jsonl.gz"
    out.write_text("an older output")
    args = [source, "-o", out, *LEGACY, "--chunk-size", "3", "--checkpoint", "6", "--force"]
    _interrupt_after(monkeypatch, 2)
    result = normalize(*args)
    assert result.exit_code == 130
    assert "run the same command with --resume to continue" in result.stderr
    assert out.read_text() == "an older output"  # complete or absent: here, still the old one
    state = json.loads((tmp_path / ".out.jsonl.gz.newslint" / "state.json").read_text())
    assert state["parts"] == 2 and state["tally"]["records"] == 12

    monkeypatch.undo()
    seen: list[int] = []
    original = work.fix_record
    monkeypatch.setattr(work, "fix_record", lambda *a: seen.append(1) or original(*a))
    result = normalize(*args, "--resume")
    assert result.exit_code == 1, result.stderr
    assert "resuming" in result.stderr and "40 records read, 40 written" in result.stderr
    assert len(seen) == 40 - 12  # the checkpointed records were not fixed again
    assert read_jsonl(out) == read_jsonl(reference)
    assert not (tmp_path / ".out.jsonl.gz.newslint").exists()


def test_resume_refuses_other_options_or_changed_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", many(20))
    out = tmp_path / "out.jsonl"
    args = [source, "-o", out, *LEGACY, "--chunk-size", "2", "--checkpoint", "4"]
    _interrupt_after(monkeypatch, 1)
    assert normalize(*args).exit_code == 130
    monkeypatch.undo()
    result = normalize(*args[:-4], "--resume", "--unsafe-fixes")
    assert result.exit_code == 2
    assert result.stderr == (
        f"newslint: error: cannot resume {out}: it was begun with different options; run without --resume to start over\n"
    )
    write_jsonl(source, many(21))
    result = normalize(*args, "--resume")
    assert "begun with different input files (or they changed since)" in result.stderr
    # Without --resume the partial output is dropped and the run starts over.
    result = normalize(*args)
    assert result.exit_code == 1
    assert "discarding the partial output of an interrupted run" in result.stderr
    assert len(read_jsonl(out)) == 21


def test_resume_without_a_partial_run_starts_from_the_beginning(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", RECORDS)
    assert normalize(source, "-o", tmp_path / "out.jsonl", "--isolated", "--resume").exit_code == 1
    assert len(read_jsonl(tmp_path / "out.jsonl")) == len(RECORDS)
    result = normalize(source, "-o", "-", "--resume")
    assert result.exit_code == 2 and "--resume needs an output file" in result.stderr


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat") as handle:
                if int(handle.read().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry))
        except (OSError, ValueError, IndexError):
            continue
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _long_run(tmp_path: Path, records: list[dict[str, object]], *options: str) -> tuple[list[str], Path, Path]:
    """A normalize command on two jobs in small chunks with frequent checkpoints, its output
    and its checkpoint state file."""
    source = write_jsonl(tmp_path / "in.jsonl", records)
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "newslint", "normalize", str(source), "-o", str(out), "--isolated",
               *options, "-j", "2", "--chunk-size", "10", "--checkpoint", "20"]
    return command, out, tmp_path / ".out.jsonl.newslint" / "state.json"


def _start_and_stop(command: list[str], state: Path, stop: signal.Signals) -> tuple[subprocess.Popen[bytes], list[int]]:
    """Start a run, let it commit two checkpoints, then send ``stop``; its worker processes too."""
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if state.exists() and json.loads(state.read_text())["parts"] >= 2:
            break
        time.sleep(0.01)
    if process.poll() is not None:
        pytest.fail(f"the run ended before it could be stopped: {process.stderr.read().decode()}")  # type: ignore[union-attr]
    workers = _children(process.pid)
    process.send_signal(stop)
    process.wait()
    return process, workers


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_killed_process_resumes_from_its_last_checkpoint(tmp_path: Path) -> None:
    # Short stories, so that a run lasts seconds: long enough to be killed in the middle.
    records = [{"id": n, "body": f"Shares rose {n} pct to 1.{n % 900 + 100:03d} dlrs.\n"} for n in range(3000)]
    command, out, state = _long_run(tmp_path, records, "--profile", "legacy-wire")
    _, workers = _start_and_stop(command, state, signal.SIGKILL)
    assert workers
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)  # the workers do not outlive their parent
    assert not out.exists()
    done = json.loads(state.read_text())["tally"]["records"]
    assert 40 <= done < 3000
    resumed = subprocess.run([*command, "--resume"], cwd=ROOT, capture_output=True, text=True)
    assert resumed.returncode == 1, resumed.stderr
    assert f"resuming {out} after {done:,} records" in resumed.stderr
    assert read_jsonl(out) == [{"id": n, "body": f"Shares rose {n}% to $1.{n % 900 + 100:03d}.\n"} for n in range(3000)]


def test_sigterm_stops_like_ctrl_c_and_keeps_the_checkpoints(tmp_path: Path) -> None:
    records = [{"id": n, "body": f"Sales rose {n} pct.\n"} for n in range(3000)]
    command, out, state = _long_run(tmp_path, records)
    process, _ = _start_and_stop(command, state, signal.SIGTERM)
    assert process.returncode == 143
    assert "run the same command with --resume to continue" in process.stderr.read().decode()  # type: ignore[union-attr]
    assert json.loads(state.read_text())["parts"] >= 2 and not out.exists()


def test_one_job_and_two_jobs_write_the_same_bytes(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", many(60))
    args = [*LEGACY, "--chunk-size", "4", "--checkpoint", "10"]
    assert normalize(source, "-o", tmp_path / "one.jsonl", *args, "-j", "1").exit_code == 1
    assert normalize(source, "-o", tmp_path / "two.jsonl", *args, "-j", "2").exit_code == 1
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()


def test_a_second_normalize_changes_nothing(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", RECORDS)
    assert normalize(source, "-o", tmp_path / "once.jsonl", *LEGACY).exit_code == 1
    result = normalize(tmp_path / "once.jsonl", "-o", tmp_path / "twice.jsonl", *LEGACY)
    assert "changed        0 records" in result.stderr
    assert (tmp_path / "once.jsonl").read_bytes() == (tmp_path / "twice.jsonl").read_bytes()


def test_the_summary_counts_fixes_per_rule(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", RECORDS)
    result = normalize(source, "-o", tmp_path / "out.jsonl", *LEGACY)
    lines = result.stderr.splitlines()
    assert lines[0].startswith("5 records read, 5 written to ")
    assert lines[1] == "changed        4 records (80.0%)"
    rows = [line.split() for line in lines]
    assert ["4", "2", "LEG101", "wire-dollar-sum"] in rows  # 4 fixes in 2 records
    assert ["3", "3", "MON101", "percent-sign"] in rows


def test_progress_is_silent_off_a_terminal_and_shown_when_asked(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", RECORDS)
    quiet = normalize(source, "-o", tmp_path / "a.jsonl", "--isolated")
    assert "\r" not in quiet.stderr
    shown = normalize(source, "-o", tmp_path / "b.jsonl", "--isolated", "--progress")
    assert "records" in shown.stderr.split("\n")[0] and "\r" in shown.stderr


def test_the_british_spelling_is_an_alias(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from newslint.cli import main

    source = write_jsonl(tmp_path / "in.jsonl", RECORDS)
    result = CliRunner().invoke(main, ["normalise", str(source), "-o", str(tmp_path / "out.jsonl"), "-j", "1"])
    assert result.exit_code == 1
    listed = [line.split()[0] for line in CliRunner().invoke(main, ["--help"]).stdout.splitlines() if line.startswith("  ")]
    assert "normalize" in listed and "normalise" not in listed  # the alias is hidden


def test_real_1987_stories_come_out_in_order_and_settle(tmp_path: Path) -> None:
    import gzip
    import itertools

    corpus = shared_path("corpora/reuters21578.jsonl.gz")
    with gzip.open(corpus, "rb") as lines:
        head = list(itertools.islice(lines, 200))
    source = tmp_path / "head.jsonl.gz"
    source.write_bytes(gzip.compress(b"".join(head)))
    once = tmp_path / "once.jsonl.gz"
    result = normalize(source, "-o", once, *LEGACY, "-j", "2")
    assert result.exit_code == 1, result.stderr
    records = read_jsonl(once)
    assert [r["id"] for r in records] == [json.loads(line)["id"] for line in head]
    assert all("\x03" not in r["body"] for r in records)
    again = normalize(once, "-o", tmp_path / "twice.jsonl.gz", *LEGACY)
    assert "changed        0 records" in again.stderr
    assert read_jsonl(tmp_path / "twice.jsonl.gz") == records


def test_the_command_names_what_the_modules_define() -> None:
    """command.py repeats two tuples so that newslint check need not import the job's modules."""
    from newslint.archive import check, command, engines

    assert command.ENGINES == engines.ENGINES
    assert command.FORMATS == check.FORMATS
