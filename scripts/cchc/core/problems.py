"""Content problems: what an official did wrong, where, and how to fix it, in Vietnamese.

Validation never stops at the first mistake: loaders collect ``Problem`` records and
raise one ``ContentError`` holding all of them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One mistake in one file. ``file`` is relative to the project root."""

    file: str
    message: str
    field: str | None = None
    line: int | None = None
    fix: str | None = None
    warning: bool = False

    def format(self) -> str:
        place = [self.file]
        if self.line:
            place.append(f"dòng {self.line}")
        if self.field:
            place.append(f"trường «{self.field}»")
        text = f"{', '.join(place)}: {self.message}"
        if self.fix:
            text += f" Cách sửa: {self.fix}"
        return text


class ContentError(Exception):
    """Raised when content cannot be published; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.field or ""))
        super().__init__(self.report())

    def report(self, mode: str = "build") -> str:
        """Every problem, numbered, under a heading: ``mode="build"`` says the site was not
        published (and the previous one is kept); ``mode="check"`` (a plain ``check``, which
        publishes nothing) says only what was found."""
        count = len(self.problems)
        files = len({p.file for p in self.problems})
        if mode == "check":
            heading = (
                f"Kiểm tra nội dung: có {count} lỗi trong {files} tệp. Hãy sửa các lỗi sau rồi chạy lại:"
            )
        else:
            heading = (
                f"Không thể xuất bản trang: có {count} lỗi trong {files} tệp nội dung. "
                "Trang đã xuất bản trước đó được giữ nguyên. Hãy sửa các lỗi sau rồi chạy lại:"
            )
        lines = [heading]
        lines += [f"  {i}. {p.format()}" for i, p in enumerate(self.problems, 1)]
        return "\n".join(lines)


def raise_if_any(problems: Iterable[Problem]) -> None:
    """Raise a ``ContentError`` for the errors among ``problems`` (warnings pass)."""
    errors = [p for p in problems if not p.warning]
    if errors:
        raise ContentError(errors)
