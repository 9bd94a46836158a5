"""Asking an official for values, in Vietnamese, or taking them from flags.

``Asker`` reads answers with ``input()`` (stdin may be fed by a script or a test). With
``interactive=False`` (``--yes``) it never asks: a value not given is its default, or a
``Refused`` error when it is required. A ``Check`` returns a Vietnamese message for a wrong
answer (asked again when interactive, refused otherwise) or ``None``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic_core import PydanticCustomError

from cchc.core.text import nfc

Check = Callable[[str], str | None]

YES = {"c", "co", "có", "y", "yes", "1", "đ", "dung", "đúng"}
NO = {"k", "khong", "không", "n", "no", "0"}


class Refused(Exception):
    """A value that cannot be used (a flag given with ``--yes``, or stdin ran out)."""


def clean(text: str) -> str:
    """An answer as stored: NFC, spaces collapsed."""
    return nfc(" ".join(text.split()))


def pydantic_check(validate: Callable[[str], Any]) -> Check:
    """A ``Check`` from a function raising the loaders' Vietnamese errors (``invalid``)."""

    def check(value: str) -> str | None:
        try:
            validate(value)
        except PydanticCustomError as error:
            context = error.context or {}
            message = str(context.get("message") or error.message())
            fix = context.get("fix")
            return f"{message} {fix}" if fix else message
        return None

    return check


@dataclass
class Asker:
    interactive: bool = True
    out: Any = field(default=sys.stdout)

    def say(self, text: str = "") -> None:
        print(text, file=self.out, flush=True)

    def _input(self, prompt: str) -> str | None:
        """One answer, or None when stdin is closed."""
        try:
            return input(prompt)
        except EOFError:
            self.say()
            return None

    def text(
        self,
        label: str,
        given: str | None = None,
        *,
        default: str | None = None,
        required: bool = False,
        check: Check | None = None,
        hint: str = "",
    ) -> str | None:
        """A one-line value: ``given`` (a flag) if set, else asked; ``default`` on Enter."""
        if given is not None:
            value = clean(given)
            problem = check(value) if check and value else None
            if problem:
                raise Refused(f"{label}: «{value}»: {problem}")
            if value or not required:
                return value or default
        if not self.interactive:
            if required and not default:
                raise Refused(f"Thiếu «{label}» (cần cho lệnh khi dùng --yes).")
            return default
        if hint:
            self.say(f"  ({hint})")
        shown = f" [{default}]" if default else ""
        while True:
            answer = self._input(f"{label}{shown}: ")
            if answer is None:
                if required and not default:
                    raise Refused(f"Chưa nhập «{label}».")
                return default
            value = clean(answer) or (default or "")
            if not value:
                if required:
                    self.say("  Mục này bắt buộc, hãy nhập nội dung.")
                    continue
                return None
            problem = check(value) if check else None
            if problem:
                self.say(f"  {problem}")
                continue
            return value

    def lines(self, label: str, given: Sequence[str] | None = None, *, hint: str = "") -> list[str]:
        """Several values, one per answer; an empty answer ends the list."""
        if given:
            return [clean(v) for v in given if clean(v)]
        if not self.interactive:
            return []
        self.say(f"{label} (mỗi dòng một mục; Enter ở dòng trống để kết thúc{'; ' + hint if hint else ''}):")
        values = []
        while True:
            answer = self._input(f"  {len(values) + 1}. ")
            if answer is None or not clean(answer):
                return values
            values.append(clean(answer))

    def choose(
        self,
        label: str,
        options: Sequence[str],
        given: Sequence[str] | None = None,
        *,
        many: bool = False,
        required: bool = True,
        free: bool = False,
        default: int | None = None,
    ) -> list[str]:
        """A numbered choice (``many``: several numbers separated by ``,`` or spaces).
        ``free``: a typed name not in the list is taken as it is (new tags, fields)."""
        if given:
            chosen = [clean(v) for v in given if clean(v)]
            unknown = [v for v in chosen if v not in options]
            if unknown and not free:
                raise Refused(
                    f"{label}: «{unknown[0]}» không có trong danh sách. Chọn một trong: "
                    + ", ".join(options)
                    + "."
                )
            return chosen
        if not self.interactive:
            if default is not None:
                return [options[default]]
            if required:
                raise Refused(f"Thiếu «{label}» (cần cho lệnh khi dùng --yes).")
            return []
        self.say(f"{label}:")
        for number, option in enumerate(options, 1):
            self.say(f"  {number}. {option}")
        how = "các số, cách nhau bằng dấu phẩy" if many else "một số"
        if free:
            how += "; hoặc gõ tên mới" + (", nhiều tên cách nhau bằng dấu chấm phẩy «;»" if many else "")
        shown = f" [{default + 1}]" if default is not None else ""
        while True:
            answer = self._input(f"Chọn ({how}){shown}: ")
            if answer is None or not clean(answer):
                if default is not None:
                    return [options[default]]
                if required and answer is not None:
                    self.say("  Mục này bắt buộc.")
                    continue
                if required:
                    raise Refused(f"Chưa chọn «{label}».")
                return []
            picked = _picked(clean(answer), options, many, free)
            if picked is None:
                self.say(f"  Hãy gõ {how} trong danh sách trên (từ 1 đến {len(options)}).")
                continue
            return picked

    def yes_no(self, label: str, given: bool | None = None, *, default: bool = False) -> bool:
        if given is not None:
            return given
        if not self.interactive:
            return default
        shown = "C/k" if default else "c/K"
        while True:
            answer = self._input(f"{label} (c: có, k: không) [{shown}]: ")
            if answer is None or not clean(answer):
                return default
            word = clean(answer).lower()
            if word in YES:
                return True
            if word in NO:
                return False
            self.say("  Gõ «c» (có) hoặc «k» (không).")


def _picked(answer: str, options: Sequence[str], many: bool, free: bool) -> list[str] | None:
    """The options an answer names: numbers, or (``free``) names separated by ``;``."""
    parts = [p for p in answer.replace(",", " ").split()] if _numbers(answer) else None
    if parts is not None:
        numbers = [int(p) for p in parts]
        if not numbers or any(not 1 <= n <= len(options) for n in numbers) or (len(numbers) > 1 and not many):
            return None
        return list(dict.fromkeys(options[n - 1] for n in numbers))
    if not free:
        exact = [o for o in options if o.lower() == answer.lower()]
        return exact or None
    names = [clean(p) for p in answer.split(";")] if many else [answer]
    return list(dict.fromkeys(n for n in names if n)) or None


def _numbers(answer: str) -> bool:
    return all(part.isdigit() for part in answer.replace(",", " ").split())
