"""Spans of a text: sorted, non-overlapping, asked about by offset; and the lazy
attribute the document model computes each of its scopes with."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

Span = tuple[int, int]

T = TypeVar("T")


class cached_property(Generic[T]):  # noqa: N801 - named as the functools one it replaces
    """``functools.cached_property`` without its lock: Python 3.11 takes one lock, shared by
    every instance, to fill each value. Scopes are pure, so two threads filling one twice
    is harmless."""

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> cached_property[T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> T | cached_property[T]:
        if instance is None:
            return self
        # A non-data descriptor: the value set here shadows it from then on.
        value = instance.__dict__[self.name] = self.func(instance)
        return value


class SpanSet:
    """Sorted, non-overlapping spans with fast membership tests."""

    __slots__ = ("spans", "_starts")

    def __init__(self, spans: list[Span]) -> None:
        if len(spans) == 1:  # most scopes are one span, or none
            self.spans: tuple[Span, ...] = (spans[0],) if spans[0][1] > spans[0][0] else ()
        else:
            self.spans = tuple(sorted(s for s in spans if s[1] > s[0]))
        self._starts = [s[0] for s in self.spans]

    def contains(self, pos: int) -> bool:
        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self.spans[i][1]

    def overlaps(self, start: int, end: int) -> bool:
        if start == end:
            return self.contains(start)
        i = bisect.bisect_left(self._starts, end) - 1
        return i >= 0 and self.spans[i][1] > start

    def cuts(self, start: int, end: int) -> bool:
        """True when ``[start, end)`` overlaps a span without containing all of it."""
        i = bisect.bisect_left(self._starts, end) - 1
        while i >= 0 and self.spans[i][1] > start:
            s_start, s_end = self.spans[i]
            if start == end or not (start <= s_start and s_end <= end):
                return True
            i -= 1
        return False

    def starts_at(self, pos: int) -> bool:
        i = bisect.bisect_left(self._starts, pos)
        return i < len(self._starts) and self._starts[i] == pos

    def __bool__(self) -> bool:
        return bool(self.spans)
