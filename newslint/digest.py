"""Content digests for cache keys and checksums, without loading OpenSSL.

``hashlib`` loads OpenSSL when imported: 3 ms, a thirtieth of a one-story check.
BLAKE2 is built into CPython itself, so it is taken from there when it can be.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter without CPython's own BLAKE2
    from hashlib import blake2b


def digest(*parts: bytes) -> bytes:
    """32 bytes that change whenever any part does."""
    state = blake2b(digest_size=32)
    for part in parts:
        state.update(part)
    return state.digest()


def hexdigest(*parts: bytes) -> str:
    return digest(*parts).hex()
