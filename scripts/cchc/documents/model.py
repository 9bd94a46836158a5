"""Official documents (văn bản): the ``document:`` block of a post, validated.

A post with a ``document:`` block is an official document. This module validates that
block against Decree 30/2020/NĐ-CP (number, type, issuer, dates, signer, recipients);
``documents/pages.py`` renders it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from cchc.core.text import nfc
from cchc.core.validation import as_text, invalid, parse_local_date

# 291/BC-UBND, 11/KH-UBND, 123/UBND-VP, 42/2022/NĐ-CP, 66.13/2026/NQ-CP
NUMBER_RE = re.compile(r"^\d{1,5}(?:\.\d+)?/(?:(?:19|20)\d{2}/)?[A-ZĐa-zđ0-9]+(?:-[A-ZĐa-zđ0-9]+)*$")


def _text(value: Any, key: str) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise invalid("Không được để trống.", f"Điền nội dung cho «{key}».")
    if not isinstance(value, str | int | float):
        raise invalid("Giá trị phải là một đoạn chữ.", f"Viết «{key}: nội dung».")
    return nfc(str(value).strip())


# Decree 30/2020/NĐ-CP, Điều 13 k1: the signer's authority, written before a collective's name
# (TM.) or before the head's position (KT., TL., TUQ.). "TƯQ." is a common spelling of "TUQ.".
PREFIXES = {"TM.": "TM.", "KT.": "KT.", "TL.": "TL.", "TUQ.": "TUQ.", "TƯQ.": "TUQ."}
_PREFIX_RE = re.compile(r"^(TM|KT|TL|TUQ|TƯQ|Q)(?:(\.)|\s)\s*(.*)$", re.IGNORECASE | re.DOTALL)

# Which sequences of authority lines Decree 30 knows, and the case each one is.
CASES: dict[tuple[str, ...], str] = {
    (): "truc-tiep",  # the head signs in their own name: CHỦ TỊCH / name
    ("TM.",): "thay-mat",  # TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH
    ("TM.", "KT."): "thay-mat-ky-thay",  # TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH
    ("KT.",): "ky-thay",  # KT. CHỦ TỊCH / PHÓ CHỦ TỊCH
    ("TL.",): "thua-lenh",  # TL. CHỦ TỊCH / CHÁNH VĂN PHÒNG
    ("TL.", "KT."): "thua-lenh-ky-thay",  # TL. CHỦ TỊCH / KT. CHÁNH VĂN PHÒNG / PHÓ CHÁNH VĂN PHÒNG
    ("TUQ.",): "thua-uy-quyen",  # TUQ. CHỦ TỊCH / TRƯỞNG CÔNG AN XÃ
}
SIGNER_GUIDE = "Xem các trường hợp ký văn bản trong Hướng dẫn đăng bài (mục «Người ký»)."


def _key(text: str) -> str:
    """Positions compared as written on paper: case, spacing and NFC/NFD ignored."""
    return " ".join(nfc(text).casefold().split())


def _split_authority(line: str, title: str) -> tuple[str, str]:
    """``("KT.", "CHỦ TỊCH")`` from ``"KT. CHỦ TỊCH"``; refused with a message if the line
    has no prefix of Decree 30."""
    match = _PREFIX_RE.match(line)
    if match and match.group(1).upper() == "Q":
        raise invalid(
            f"Dòng quyền hạn «{line}»: «Q.» (quyền cấp trưởng) viết ngay trước chức vụ, "
            "không phải một dòng riêng.",
            f"Ghi «title: Q. {match.group(3).strip() or 'CHỦ TỊCH'}» và bỏ dòng này khỏi «authority».",
        )
    if not match or not match.group(3).strip():
        if _key(line) == _key(title):
            raise invalid(
                f"Dòng quyền hạn «{line}» trùng với chức vụ người ký: văn bản sẽ in «{line} / {title}».",
                "Khi người đứng đầu tự ký, bỏ hẳn «authority» và chỉ ghi «title» và «name»; "
                "khi ký thay mặt tập thể, ghi «authority: [TM. ỦY BAN NHÂN DÂN]».",
            )
        raise invalid(
            f"Dòng quyền hạn «{line}» phải bắt đầu bằng TM., KT., TL. hoặc TUQ. (Nghị định 30/2020/NĐ-CP).",
            "Ví dụ «TM. ỦY BAN NHÂN DÂN», «KT. CHỦ TỊCH», «TL. CHỦ TỊCH», «TUQ. CHỦ TỊCH». " + SIGNER_GUIDE,
        )
    word, dot, rest = match.groups()
    prefix = PREFIXES[word.upper() + "."]
    if not dot:
        raise invalid(
            f"Dòng quyền hạn «{line}» thiếu dấu chấm sau «{word}».",
            f"Viết «{prefix} {rest.strip()}».",
        )
    return prefix, " ".join(rest.split())


class Signer(BaseModel):
    """The signature block (Decree 30 box 7): authority lines, position, name.

    ``authority`` holds the lines above the position, each starting with a prefix of
    Decree 30 (``TM.``, ``KT.``, ``TL.``, ``TUQ.``); it is empty when the head signs in
    their own name. Only the combinations in ``CASES`` are accepted.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    authority: tuple[str, ...] = ()
    title: str
    name: str

    @field_validator("authority", mode="before")
    @classmethod
    def _authority(cls, value: Any) -> Any:
        if value is None:
            return ()
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list):
            return [as_text(v) for v in value]
        return value

    @field_validator("title", "name", mode="before")
    @classmethod
    def _required_text(cls, value: Any, info: Any) -> str:
        return _text(value, info.field_name)

    @field_validator("authority", mode="after")
    @classmethod
    def _nfc_authority(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        lines = tuple(" ".join(nfc(v).split()) for v in value)
        if any(not line for line in lines):
            raise invalid("Dòng quyền hạn không được để trống.", "Xóa dòng trống trong «authority».")
        return lines

    @model_validator(mode="after")
    def _decree_30(self) -> Signer:
        parts = [_split_authority(line, self.title) for line in self.authority]
        prefixes = tuple(prefix for prefix, _ in parts)
        shown = " / ".join((*self.authority, self.title))
        if prefixes not in CASES:
            raise invalid(
                f"Cách ghi quyền hạn «{shown}» không đúng Nghị định 30/2020/NĐ-CP: {_why(prefixes)}",
                "Các cách ghi đúng: «CHỦ TỊCH»; «TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH»; «TM. ỦY BAN NHÂN DÂN / "
                "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH»; «KT. CHỦ TỊCH / PHÓ CHỦ TỊCH»; «TL. CHỦ TỊCH / CHÁNH VĂN "
                "PHÒNG»; «TUQ. CHỦ TỊCH / <chức vụ người được ủy quyền>». " + SIGNER_GUIDE,
            )
        title = _key(self.title)
        for prefix, head in parts:
            if prefix in ("KT.", "TL.", "TUQ.") and _key(head) == title:
                raise invalid(
                    f"«{prefix} {head}» rồi chức vụ «{self.title}»: người {_VERB[prefix]} "
                    f"{head} không thể giữ chức {head}.",
                    f"Ghi chức vụ thật của người ký (ví dụ «PHÓ {head.upper()}»"
                    + (" hoặc «CHÁNH VĂN PHÒNG»" if prefix != "KT." else "")
                    + f"); nếu {head} tự ký thì bỏ dòng «{prefix} {head}».",
                )
        if prefixes in ((), ("TM.",)) and title.startswith("phó "):
            raise invalid(
                f"Cấp phó («{self.title}») ký thay cấp trưởng phải có dòng «KT. …» "
                "(Nghị định 30/2020/NĐ-CP).",
                "Ví dụ «authority: [TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH]» với «title: PHÓ CHỦ TỊCH».",
            )
        return self

    @property
    def case(self) -> str:
        """Which case of Decree 30 the block is (a key of ``CASES``' values)."""
        return CASES[tuple(_split_authority(line, self.title)[0] for line in self.authority)]


_VERB = {"KT.": "ký thay", "TL.": "thừa lệnh", "TUQ.": "thừa ủy quyền"}


def _why(prefixes: tuple[str, ...]) -> str:
    """What is wrong with a sequence of authority prefixes that ``CASES`` does not know."""
    if len(prefixes) > len(set(prefixes)):
        return "một loại quyền hạn chỉ ghi một lần."
    if "TM." in prefixes and prefixes[0] != "TM.":
        return "«TM.» (thay mặt tập thể) phải là dòng đầu tiên."
    if prefixes[:1] == ("TM.",):
        return "sau «TM.» chỉ có chức vụ người đứng đầu, hoặc «KT.» khi cấp phó ký thay."
    if prefixes[:1] == ("TUQ.",):
        return "người được ký thừa ủy quyền không được ủy quyền lại cho người khác ký."
    if prefixes[:1] == ("KT.",):
        return "«KT.» là dòng cuối cùng, ngay trên chức vụ của cấp phó."
    return "quá nhiều dòng quyền hạn."


class Document(BaseModel):
    """The official header of a document, validated."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    number: str
    type: str
    issued: date
    issuer: str
    parent_issuer: str | None = None
    place: str
    abstract: str | None = None
    effective: date | None = None
    signer: Signer
    recipients: tuple[str, ...] = ()

    @field_validator("number", mode="before")
    @classmethod
    def _number(cls, value: Any) -> str:
        text = _text(value, "number").replace(" ", "")
        text = text.removeprefix("Số:").removeprefix("số:")
        if not NUMBER_RE.match(text):
            raise invalid(
                f"Số, ký hiệu «{value}» không đúng dạng.",
                "Ghi theo Nghị định 30/2020/NĐ-CP, ví dụ «291/BC-UBND» hoặc «11/KH-UBND».",
            )
        return text

    @field_validator("type", "issuer", "place", mode="before")
    @classmethod
    def _required(cls, value: Any, info: Any) -> str:
        return _text(value, info.field_name)

    @field_validator("parent_issuer", "abstract", mode="before")
    @classmethod
    def _optional(cls, value: Any, info: Any) -> str | None:
        return None if value is None else _text(value, info.field_name)

    @field_validator("issued", "effective", mode="before")
    @classmethod
    def _date(cls, value: Any, info: Any) -> date | None:
        if value is None and info.field_name == "effective":
            return None
        return parse_local_date(value, info.field_name, with_time=False).date()

    @field_validator("recipients", mode="before")
    @classmethod
    def _recipients(cls, value: Any) -> Any:
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list):
            return [as_text(v) for v in value]
        return value

    @field_validator("recipients", mode="after")
    @classmethod
    def _nfc_recipients(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(nfc(v.strip()) for v in value)
