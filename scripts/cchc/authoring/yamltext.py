"""Writing front matter an official can read: one key a line, a short comment above each key.

Text values are always written in double quotes (JSON escaping is valid YAML), so that a
value starting with ``#``, ``[`` or ``*``, or holding ``: ``, stays the text written; lists are
block lists (``- "…"``), so that a tag holding a comma stays one tag. A required value the
official has not given yet is written empty, with a comment ``# CẦN ĐIỀN: …`` above it (never
after it on the same line, which reads as a value lost to a comment): the loaders refuse an empty
required value, so such a file cannot be published before it is filled in.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

TODO = "CẦN ĐIỀN"


@dataclass(frozen=True)
class Raw:
    """A value written as it is (dates, codes already checked)."""

    text: str


@dataclass(frozen=True)
class Blank:
    """A required value still to be filled in: written empty with ``# CẦN ĐIỀN: <what>``."""

    what: str


def scalar(value: Any) -> str:
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


class FrontMatter:
    """Lines of a YAML front matter, built key by key."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.todo: list[str] = []  # dotted keys written as Blank

    def comment(self, text: str, indent: int = 0) -> None:
        self.lines.append(f"{' ' * indent}# {text}")

    def key(self, key: str, value: Any, comment: str = "", indent: int = 0, path: str = "") -> None:
        """``key: value`` (a scalar, a list, a mapping or a ``Blank``), with its comment above."""
        pad = " " * indent
        dotted = f"{path}.{key}" if path else key
        if comment:
            self.comment(comment, indent)
        if isinstance(value, Blank):  # the mark above: «key:  # …» reads as a value lost to a comment
            self.comment(f"{TODO}: {value.what}", indent)
            self.lines.append(f"{pad}{key}:")
            self.todo.append(dotted)
        elif isinstance(value, Mapping):
            self.lines.append(f"{pad}{key}:")
            for sub, item in value.items():
                self.key(sub, item, indent=indent + 2, path=dotted)
        elif isinstance(value, Sequence) and not isinstance(value, str):
            if not value:
                self.lines.append(f"{pad}{key}: []")
                return
            self.lines.append(f"{pad}{key}:")
            for index, item in enumerate(value):
                self.item(item, indent + 2, f"{dotted}.{index}")
        else:
            self.lines.append(f"{pad}{key}: {scalar(value)}")

    def item(self, value: Any, indent: int, path: str) -> None:
        """One ``- item`` of a block list (a mapping item's keys are aligned under its first)."""
        pad = " " * indent
        if isinstance(value, Blank):
            self.comment(f"{TODO}: {value.what}", indent)
            self.lines.append(f"{pad}-")
            self.todo.append(path)
            return
        if isinstance(value, Mapping):
            start = len(self.lines)
            for sub, item in value.items():
                self.key(sub, item, indent=indent + 2, path=path)
            first = next(
                i for i in range(start, len(self.lines)) if not self.lines[i].lstrip().startswith("#")
            )
            for i in range(start, first):  # comments above the item's dash
                self.lines[i] = pad + self.lines[i].lstrip()
            self.lines[first] = f"{pad}- {self.lines[first][indent + 2 :]}"
            return
        self.lines.append(f"{pad}- {scalar(value)}")

    def text(self) -> str:
        return "---\n" + "\n".join(self.lines) + "\n---\n"
