"""Reading and writing copy: encodings, BOMs, line endings, final newlines, atomic writes."""

from __future__ import annotations

import codecs
import itertools
import os
from pathlib import Path

import pytest

from newslint.api import check_file
from newslint.records import Applicability
from newslint.rule import Rule
from newslint.sourcefile import InputError, SourceText, decode, read, write_atomic
from tests.helpers import pattern_rule_yaml, rules_from_yaml

# (label, BOM, codec of the body)
ENCODINGS = [
    ("utf-8", b"", "utf-8"),
    ("utf-8-bom", codecs.BOM_UTF8, "utf-8"),
    ("utf-16-le-bom", codecs.BOM_UTF16_LE, "utf-16-le"),
    ("utf-16-be-bom", codecs.BOM_UTF16_BE, "utf-16-be"),
    ("utf-32-le-bom", codecs.BOM_UTF32_LE, "utf-32-le"),
    ("utf-32-be-bom", codecs.BOM_UTF32_BE, "utf-32-be"),
]
NEWLINES = [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")]
FINAL = [("final-newline", True), ("no-final-newline", False)]

# Non-ASCII on purpose: a wrong codec shows up as mojibake, not as a silent pass.
LINES = ["Zürich café: 1.200 people", "", "“Quoted,” she said — 12 500 €"]

FORMATS = list(itertools.product(ENCODINGS, NEWLINES, FINAL))
FORMAT_IDS = [f"{e[0]}-{n[0]}-{f[0]}" for e, n, f in FORMATS]


def encoded(lines: list[str], bom: bytes, codec: str, newline: str, final: bool) -> bytes:
    text = newline.join(lines) + (newline if final else "")
    return bom + text.encode(codec)


@pytest.mark.parametrize("encoding,newline,final", FORMATS, ids=FORMAT_IDS)
def test_decode_normalises_line_breaks_and_encode_restores_the_bytes(
    encoding: tuple[str, bytes, str], newline: tuple[str, str], final: tuple[str, bool]
) -> None:
    _, bom, codec = encoding
    data = encoded(LINES, bom, codec, newline[1], final[1])
    source = decode(data, "story.txt")
    assert source.text == "\n".join(LINES) + ("\n" if final[1] else "")
    assert not source.text.startswith("\ufeff"), "the BOM is not part of the text"
    assert source.newline == newline[1]
    assert source.encode(source.text) == data


@pytest.mark.parametrize("encoding,newline,final", FORMATS, ids=FORMAT_IDS)
def test_an_edit_keeps_encoding_bom_line_endings_and_final_newline(
    encoding: tuple[str, bytes, str], newline: tuple[str, str], final: tuple[str, bool]
) -> None:
    _, bom, codec = encoding
    source = decode(encoded(LINES, bom, codec, newline[1], final[1]), "story.txt")
    edited = source.text.replace("1.200", "1,200")
    fixed_lines = [LINES[0].replace("1.200", "1,200"), *LINES[1:]]
    assert source.encode(edited) == encoded(fixed_lines, bom, codec, newline[1], final[1])


@pytest.mark.parametrize(
    "data,text,newline",
    [
        (b"", "", "\n"),
        (b"one line", "one line", "\n"),
        (b"a\r\nb\nc\r\n", "a\r\nb\nc\r\n", "\n"),  # mixed endings are left exactly as they are
        (b"a\rb\r\n", "a\rb\r\n", "\n"),
        (b"a\r\n\r\nb", "a\n\nb", "\r\n"),
    ],
    ids=["empty", "no-newline", "mixed-lf-crlf", "mixed-cr-crlf", "crlf-blank-line"],
)
def test_line_ending_detection(data: bytes, text: str, newline: str) -> None:
    source = decode(data, "x.txt")
    assert (source.text, source.newline) == (text, newline)
    assert source.encode(source.text) == data


def test_utf8_bom_is_kept_but_not_in_the_text() -> None:
    source = decode(codecs.BOM_UTF8 + b"Caf\xc3\xa9\n", "x.txt")
    assert source.text == "Café\n"
    assert source.encode("Cafe\n") == codecs.BOM_UTF8 + b"Cafe\n"


def test_a_big_endian_file_stays_big_endian() -> None:
    data = codecs.BOM_UTF16_BE + "Café\n".encode("utf-16-be")
    source = decode(data, "x.txt")
    assert source.encode("Cafés\n") == codecs.BOM_UTF16_BE + "Cafés\n".encode("utf-16-be")


def test_plain_utf8_gains_no_bom() -> None:
    assert decode(b"abc\n", "x.txt").encode("abd\n") == b"abd\n"


def test_source_text_defaults_to_no_bom() -> None:
    assert SourceText("a\n", "utf-8", "\r\n").encode("a\nb\n") == b"a\r\nb\r\n"


@pytest.mark.parametrize(
    "data,message",
    [
        (b"Caf\xe9\n", "story.txt: not valid UTF-8 (byte 0xe9 at offset 3), not checked"),
        (b"ok\n\xff", "story.txt: not valid UTF-8 (byte 0xff at offset 3), not checked"),
        (b"\xc3", "story.txt: not valid UTF-8 (byte 0xc3 at offset 0), not checked"),
        (
            codecs.BOM_UTF8 + b"ab\xff",
            "story.txt: not valid UTF-8 (byte 0xff at offset 5), not checked",  # offset counts the BOM
        ),
        (b"te\x00xt", "story.txt: binary file (contains NUL bytes), not checked"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "story.txt: binary file (contains NUL bytes), not checked"),
        ("no BOM".encode("utf-16-le"), "story.txt: binary file (contains NUL bytes), not checked"),
        (
            codecs.BOM_UTF16_LE + b"a\x00b",  # odd length: the last code unit is cut off
            "story.txt: not valid UTF-16-LE (byte 0x62 at offset 4), not checked",
        ),
        (
            codecs.BOM_UTF16_BE + b"\xd8\x00\x00a",  # a lone high surrogate
            "story.txt: not valid UTF-16-BE (byte 0xd8 at offset 2), not checked",
        ),
    ],
    ids=[
        "latin-1",
        "bad-last-byte",
        "truncated-sequence",
        "bad-after-bom",
        "nul",
        "png",
        "utf16-without-bom",
        "utf16-odd-length",
        "utf16-lone-surrogate",
    ],
)
def test_undecodable_input_is_one_clear_line(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as info:
        decode(data, "story.txt")
    assert str(info.value) == message


def test_utf16_with_bom_may_contain_nul_bytes() -> None:
    # Every ASCII character in UTF-16 has a zero byte: that is text, not a binary file.
    assert decode(codecs.BOM_UTF16_LE + "abc".encode("utf-16-le"), "x").text == "abc"


# --- reading files --------------------------------------------------------------------------


def test_read_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.txt"
    with pytest.raises(InputError, match=r"^.*missing\.txt: no such file$"):
        read(path)


def test_read_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read(tmp_path)
    assert str(info.value) == f"{tmp_path}: is a directory"


def test_read_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("x")

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", denied)  # chmod 000 does not stop root
    with pytest.raises(InputError) as info:
        read(path)
    assert str(info.value) == f"{path}: cannot read (Permission denied)"


def test_read_names_the_file_in_decode_errors(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(b"Caf\xe9")
    with pytest.raises(InputError) as info:
        read(path)
    assert str(info.value).startswith(f"{path}: not valid UTF-8")


# --- atomic writes --------------------------------------------------------------------------


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o644, 0o664, 0o755, 0o444])
def test_write_atomic_keeps_the_mode_and_leaves_no_temp_file(tmp_path: Path, mode: int) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b"old\n")
    path.chmod(mode)
    write_atomic(path, b"new\n")
    assert path.read_bytes() == b"new\n"
    assert path.stat().st_mode & 0o7777 == mode
    assert [p.name for p in tmp_path.iterdir()] == ["story.txt"]


def test_write_atomic_replaces_the_file_instead_of_truncating_it(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b"old\n")
    inode = path.stat().st_ino
    with path.open("rb") as reader:
        write_atomic(path, b"new\n")
        # A reader that opened the file before sees the whole old text, never half a write.
        assert reader.read() == b"old\n"
    assert path.read_bytes() == b"new\n"
    assert path.stat().st_ino != inode


def test_write_atomic_through_a_symlink_rewrites_the_target(tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_bytes(b"old\n")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write_atomic(link, b"new\n")
    assert link.is_symlink()
    assert target.read_bytes() == b"new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "real.txt"]


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_failed_write_keeps_the_original_and_removes_the_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b"old\n")

    def broken(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, broken)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(path, b"new\n")
    monkeypatch.undo()
    assert path.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["story.txt"]


# --- check_file: read, fix, write -----------------------------------------------------------


@pytest.fixture
def rules(tmp_path_factory: pytest.TempPathFactory) -> list[Rule]:
    return rules_from_yaml(tmp_path_factory.mktemp("rules"), pattern_rule_yaml("TST101", r"\bteh\b", "the"))


@pytest.mark.parametrize("encoding,newline,final", FORMATS, ids=FORMAT_IDS)
def test_check_file_fix_rewrites_in_the_same_format(
    tmp_path: Path,
    rules: list[Rule],
    encoding: tuple[str, bytes, str],
    newline: tuple[str, str],
    final: tuple[str, bool],
) -> None:
    _, bom, codec = encoding
    lines = ["Zürich: teh plan", "", "teh end — “teh”"]
    path = tmp_path / "story.txt"
    path.write_bytes(encoded(lines, bom, codec, newline[1], final[1]))
    path.chmod(0o604)
    result = check_file(path, rules, fix=Applicability.UNSAFE, write=True)
    assert result.error is None
    fixed = [line.replace("teh", "the") for line in lines]
    assert path.read_bytes() == encoded(fixed, bom, codec, newline[1], final[1])
    assert path.stat().st_mode & 0o7777 == 0o604
    assert [p.name for p in tmp_path.iterdir()] == ["story.txt"]


def test_check_file_without_changes_does_not_touch_the_file(
    tmp_path: Path,
    rules: list[Rule],
) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b"Clean copy.\r\n")
    before = path.stat()
    result = check_file(path, rules, fix=Applicability.SAFE, write=True)
    assert result.error is None and result.result is not None and not result.result.changed
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_check_file_without_write_leaves_the_file(tmp_path: Path, rules: list[Rule]) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b"teh\n")
    result = check_file(path, rules, fix=Applicability.SAFE, write=False)
    assert result.result is not None and result.result.text == "the\n"
    assert path.read_bytes() == b"teh\n"


@pytest.mark.parametrize(
    "content,error",
    [
        (None, "no such file"),
        (b"te\x00h", "binary file (contains NUL bytes), not checked"),
        (b"t\xe9h", "not valid UTF-8 (byte 0xe9 at offset 1), not checked"),
    ],
    ids=["missing", "binary", "invalid-utf8"],
)
def test_check_file_reports_input_errors_instead_of_raising(
    tmp_path: Path,
    rules: list[Rule],
    content: bytes | None,
    error: str,
) -> None:
    path = tmp_path / "story.txt"
    if content is not None:
        path.write_bytes(content)
    result = check_file(path, rules, fix=Applicability.SAFE, write=True)
    assert result.error == f"{path}: {error}"
    assert result.result is None
    if content is not None:
        assert path.read_bytes() == content


def test_check_file_reports_a_failed_write(
    tmp_path: Path,
    rules: list[Rule],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(b"teh\n")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    result = check_file(path, rules, fix=Applicability.SAFE, write=True)
    assert result.error == f"{path}: cannot write (Permission denied)"
    assert path.read_bytes() == b"teh\n"
    assert [p.name for p in tmp_path.iterdir()] == ["story.txt"]
