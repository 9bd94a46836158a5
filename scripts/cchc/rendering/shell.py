"""Page shells: a rendered page with named holes, filled by plain string joins.

Thousands of post and listing pages share everything but a few values (title,
description, canonical URL, content, table of contents). Rendering Material's templates
costs ~2.5 ms a page; rendering them once per group of same-shaped pages with a
*sentinel* in each varying place, then joining the pieces with each page's values,
costs microseconds. ``scripts/mkdocs_shell.py`` makes the shells from the real templates
and checks each against a full rendering before using it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

_MARK = "\x00"  # never in page text: NUL is not allowed in HTML
_SENTINEL_RE = re.compile(f"{_MARK}cchc:([a-z_]+){_MARK}")


def sentinel(name: str) -> str:
    """The placeholder for the value ``name`` (lower-case letters and ``_``)."""
    return f"{_MARK}cchc:{name}{_MARK}"


@dataclass(frozen=True)
class Shell:
    """Literal text and hole names, alternating: ``literal, name, literal, …, literal``."""

    parts: tuple[str, ...]

    @classmethod
    def parse(cls, html: str) -> Shell:
        return cls(tuple(_SENTINEL_RE.split(html)))

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self.parts[1::2])

    def fill(self, values: Mapping[str, str]) -> str:
        """The page: every hole replaced by its value (``KeyError`` if one is missing)."""
        parts = list(self.parts)
        for index in range(1, len(parts), 2):
            parts[index] = values[parts[index]]
        return "".join(parts)

    def is_clean(self) -> bool:
        """No stray marker left in the literal text (a sentinel cut or changed by a filter)."""
        return not any(_MARK in literal for literal in self.parts[0::2])
