"""The temporary output beside OUT: parts, a state file, and ``--resume``.

A run writes its output as numbered parts in a hidden directory beside OUT,
``.OUT.newslint/``. Every ``--checkpoint`` records the current part is closed,
synced and renamed, and ``state.json`` records (atomically) how many parts are
complete, where reading stopped and the summary so far. At the end the parts
are joined into a temporary file that is renamed over OUT, and the directory
goes: OUT is either complete or absent. The state also holds a fingerprint of
the inputs (path, size, modification time), the options and the rules; a
resume with anything different is refused, since the parts would not fit.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any, NamedTuple

from newslint import __version__
from newslint.archive.formats import ArchiveError
from newslint.archive.records import Position
from newslint.rule import Rule

STATE_VERSION = 1


class Checkpoint(NamedTuple):
    """What a committed state says: parts done, where reading stopped, the tally and writer so far."""

    parts: int
    position: Position | None
    tally: dict[str, Any]
    writer: dict[str, Any]


def rules_digest(rulesets: Sequence[Sequence[Rule]]) -> str:
    """A digest of the rules chosen and the rule files they come from."""
    digest = hashlib.sha256()
    sources: set[str] = set()
    for rules in rulesets:
        for rule in rules:
            digest.update(f"{rule.code}|{rule.severity.value}|{rule.fix}|{rule.enabled}\n".encode())
            sources.add(rule.source)
        digest.update(b"--\n")
    for source in sorted(sources):
        try:
            digest.update(hashlib.sha256(Path(source).read_bytes()).digest())
        except OSError:
            digest.update(source.encode())  # an installed package resource: its path is enough
    return digest.hexdigest()


def input_identity(paths: Sequence[str]) -> list[list[Any]]:
    identity: list[list[Any]] = []
    for path in paths:
        if path == "-":
            identity.append(["-"])  # never resumed: standard input cannot be read again
            continue
        stat = os.stat(path)
        identity.append([os.path.abspath(path), stat.st_size, stat.st_mtime_ns])
    return identity


_WHAT = {
    "newslint": "newslint version",
    "inputs": "input files (or they changed since)",
    "output": "output format",
    "options": "options",
    "rules": "rules",
}


class Workdir:
    """The hidden directory beside OUT that holds an unfinished run."""

    def __init__(self, out: Path, suffix: str) -> None:
        self.out = out
        self.path = out.parent / f".{out.name}.newslint"
        self.suffix = suffix
        self.state_file = self.path / "state.json"

    def exists(self) -> bool:
        return self.state_file.exists()

    def part(self, number: int) -> Path:
        return self.path / f"part-{number:06d}{self.suffix}"

    def start(self, fingerprint: dict[str, Any]) -> None:
        """A fresh run: anything left by an interrupted one goes."""
        self.discard()
        self.path.mkdir(parents=True)
        self.commit(fingerprint, Checkpoint(0, None, {}, {}))

    def load(self, fingerprint: dict[str, Any]) -> Checkpoint:
        """The checkpoint of an interrupted run, refused if it was made with other inputs or options."""
        try:
            state = json.loads(self.state_file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ArchiveError(
                f"cannot resume: {self.state_file} is unreadable ({exc}); run without --resume"
            ) from None
        if state.get("version") != STATE_VERSION:
            raise ArchiveError(f"cannot resume: {self.state_file} is from another newslint; run without --resume")
        before = state.get("fingerprint", {})
        changed = [_WHAT.get(key, key) for key in fingerprint if before.get(key) != fingerprint[key]]
        if changed:
            raise ArchiveError(
                f"cannot resume {self.out}: it was begun with different {', '.join(changed)}; "
                "run without --resume to start over"
            )
        parts = int(state["parts"])
        # A part being written when the run stopped is incomplete: it is written again.
        for leftover in self.path.iterdir():
            if leftover.name.startswith("part-") and (leftover.suffix == ".tmp" or leftover not in self._parts(parts)):
                leftover.unlink()
        missing = [p.name for p in self._parts(parts) if not p.exists()]
        if missing:
            raise ArchiveError(f"cannot resume: {self.path} lacks {missing[0]}; run without --resume")
        where = state.get("position")
        return Checkpoint(parts, Position(*where) if where else None, state.get("tally", {}), state.get("writer", {}))

    def _parts(self, count: int) -> list[Path]:
        return [self.part(n) for n in range(1, count + 1)]

    def open_part(self, number: int) -> IO[bytes]:
        return open(self.path / f"part-{number:06d}{self.suffix}.tmp", "wb")

    def close_part(self, number: int, handle: IO[bytes]) -> None:
        handle.flush()
        os.fsync(handle.fileno())
        handle.close()
        os.replace(self.path / f"part-{number:06d}{self.suffix}.tmp", self.part(number))

    def commit(self, fingerprint: dict[str, Any], checkpoint: Checkpoint) -> None:
        state = {
            "version": STATE_VERSION,
            "fingerprint": fingerprint,
            "parts": checkpoint.parts,
            "position": list(checkpoint.position) if checkpoint.position else None,
            "tally": checkpoint.tally,
            "writer": checkpoint.writer,
        }
        temporary = self.path / "state.json.tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(state, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.state_file)

    def finish(self, parts: int, join: Callable[[Sequence[str], IO[bytes]], None]) -> None:
        """Join the parts into OUT in one rename, then remove the directory."""
        final = self.path / f"final{self.suffix}"
        with open(final, "wb") as handle:
            join([str(p) for p in self._parts(parts)], handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(final, self.out)
        self.discard()

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def fingerprint(inputs: Sequence[str], output: str, options: dict[str, Any], rules: str) -> dict[str, Any]:
    """What a resumed run must share with the run it continues (as JSON gives it back)."""
    stamp = {
        "newslint": __version__,
        "inputs": input_identity(inputs),
        "output": output,
        "options": options,
        "rules": rules,
    }
    loaded: dict[str, Any] = json.loads(json.dumps(stamp))
    return loaded
