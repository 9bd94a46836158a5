"""``data/thuat-ngu.yml``: the abbreviations the site explains, written once by an official.

Example entry (``giai_thich`` is optional and shown on the glossary page only)::

    - viet_tat: UBND
      day_du: Ủy ban nhân dân
      giai_thich: Cơ quan hành chính nhà nước ở địa phương, do Hội đồng nhân dân bầu ra.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from cchc.core.problems import ContentError, Problem
from cchc.core.text import fold, nfc, slugify
from cchc.core.validation import invalid
from cchc.legal.datafile import DATA_DIR, load_list

FILE = "thuat-ngu.yml"
EXAMPLE = "«- viet_tat: UBND» rồi dòng dưới «  day_du: Ủy ban nhân dân»."
_ABBREVIATION_RE = re.compile(r"^[^\W_][^\W_.]*(?:\.[^\W_]+)*$")


def _text(value: Any, key: str) -> str:
    if value is None or not isinstance(value, str | int | float) or not str(value).strip():
        raise invalid(f"«{key}» phải là một đoạn chữ, không để trống.", f"Viết «{key}: …».")
    return nfc(" ".join(str(value).split()))


class Term(BaseModel):
    """One abbreviation and what it stands for."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    viet_tat: str
    day_du: str
    giai_thich: str | None = None

    @field_validator("viet_tat", mode="before")
    @classmethod
    def _abbreviation(cls, value: Any) -> str:
        text = _text(value, "viet_tat")
        if not _ABBREVIATION_RE.match(text) or len(text) > 16 or not any(ch.isupper() for ch in text):
            raise invalid(
                f"Chữ viết tắt «{text}» không đúng dạng.",
                "Viết liền, không dấu cách, có chữ in hoa, ví dụ «UBND», «HĐND», «VNeID».",
            )
        return text

    @field_validator("day_du", mode="before")
    @classmethod
    def _expansion(cls, value: Any) -> str:
        return _text(value, "day_du")

    @field_validator("giai_thich", mode="before")
    @classmethod
    def _note(cls, value: Any) -> str | None:
        return None if value is None else _text(value, "giai_thich")

    @property
    def anchor(self) -> str:
        return slugify(self.viet_tat)


def load_terms(root: Path) -> tuple[Term, ...]:
    """The glossary, sorted by abbreviation (none if there is no data file)."""
    terms = load_list(root, FILE, Term, EXAMPLE)
    seen: dict[str, Term] = {}
    problems = []
    for term in terms:
        if term.viet_tat in seen:
            problems.append(
                Problem(
                    f"{DATA_DIR}/{FILE}",
                    f"Chữ viết tắt «{term.viet_tat}» được khai báo hai lần.",
                    field="viet_tat",
                    fix="Giữ một mục cho mỗi chữ viết tắt.",
                )
            )
        seen[term.viet_tat] = term
    if problems:
        raise ContentError(problems)
    return tuple(sorted(terms, key=lambda t: (fold(t.viet_tat), t.viet_tat)))
