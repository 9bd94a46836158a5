"""Results of a function of its arguments alone, kept by key while the arguments are equal.

The preview keeps one between builds (``cchc.preview.session``) for the pages it would make
again the same way: a saved post makes only its own page anew.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Memo(Generic[T]):
    """``made(key, args, make)``: ``make()`` unless the last call for ``key`` had equal ``args``."""

    def __init__(self) -> None:
        self._entries: dict[Hashable, tuple[tuple[Any, ...], T]] = {}
        self.reused = 0  # how many results the last ``start`` → now saved (the tests)

    def start(self) -> None:
        self.reused = 0

    def made(self, key: Hashable, args: tuple[Any, ...], make: Callable[[], T]) -> T:
        entry = self._entries.get(key)
        if entry is not None and entry[0] == args:
            self.reused += 1
            return entry[1]
        value = make()
        self._entries[key] = (args, value)
        return value
