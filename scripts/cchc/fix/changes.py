"""What ``check --fix`` changed, or would change: one ``Change`` per file and line."""

from __future__ import annotations

from dataclasses import dataclass

from cchc.core.problems import Problem
from cchc.core.yaml_messages import FIX_COMMAND

# Kinds of change the loader already reports as errors (with a fix naming ``--fix``).
REPORTED_BY_LOADER = frozenset({"encoding", "legacy"})


@dataclass(frozen=True)
class Change:
    file: str  # relative to the project root
    line: int | None
    what: str  # Vietnamese: "chuyển chữ TCVN3 sang Unicode: «…» → «…»"
    kind: str  # "encoding", "nfc", "legacy", "word", "key", "image"

    def format(self) -> str:
        place = f"{self.file}, dòng {self.line}" if self.line else self.file
        return f"{place}: {self.what}"

    def as_problem(self) -> Problem:
        """The change as the warning a plain ``check`` prints."""
        return Problem(
            self.file,
            f"Có thể sửa tự động: {self.what}.",
            line=self.line,
            fix=f"Chạy «{FIX_COMMAND}».",
            warning=True,
        )


@dataclass(frozen=True)
class Refusal:
    """A file ``--fix`` would have changed, left untouched because the result did not read back."""

    file: str
    reason: str

    def format(self) -> str:
        return f"{self.file}: không sửa tệp này vì {self.reason}; tệp được giữ nguyên."
