"""``data/can-cu-phap-ly.yml``: what the site knows of a cited document beyond its number.

An official may give a document cited on the site its full title (``ten``), its issue date,
its issuer and a link to its official text (``url``); the register page of that document
shows them. Example entry::

    - so_ky_hieu: 61/2018/NĐ-CP
      ten: Nghị định về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết TTHC
      ngay_ban_hanh: 2018-04-23
      co_quan_ban_hanh: Chính phủ
      url: https://vanban.chinhphu.vn/...
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from cchc.core.text import nfc
from cchc.core.validation import invalid, parse_local_date
from cchc.legal.citations import Citation, parse_number
from cchc.legal.datafile import load_list

FILE = "can-cu-phap-ly.yml"
EXAMPLE = "«- so_ky_hieu: 61/2018/NĐ-CP» rồi «  ten: Nghị định về …» và «  url: https://…»."
_URL_RE = re.compile(r"^https?://[^\s/]+\.[^\s]+$")


def _text(value: Any, key: str) -> str:
    if value is None or not isinstance(value, str | int | float) or not str(value).strip():
        raise invalid(f"«{key}» phải là một đoạn chữ, không để trống.", f"Viết «{key}: …».")
    return nfc(str(value).strip())


class KnownDocument(BaseModel):
    """One entry of the data file, validated; ``citation`` is its number as the parser reads it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    so_ky_hieu: str
    ten: str | None = None
    loai: str | None = None
    ngay_ban_hanh: date | None = None
    co_quan_ban_hanh: str | None = None
    url: str | None = None

    @field_validator("so_ky_hieu", mode="before")
    @classmethod
    def _number(cls, value: Any) -> str:
        text = _text(value, "so_ky_hieu")
        if parse_number(text) is None:
            raise invalid(
                f"Không đọc được số, ký hiệu «{text}».",
                "Viết số và ký hiệu như trên văn bản, ví dụ «61/2018/NĐ-CP» hoặc «11/KH-UBND».",
            )
        return text

    @field_validator("ten", "loai", "co_quan_ban_hanh", mode="before")
    @classmethod
    def _optional(cls, value: Any, info: Any) -> str | None:
        return None if value is None else _text(value, info.field_name)

    @field_validator("ngay_ban_hanh", mode="before")
    @classmethod
    def _date(cls, value: Any) -> date | None:
        return None if value is None else parse_local_date(value, "ngay_ban_hanh", with_time=False).date()

    @field_validator("url", mode="before")
    @classmethod
    def _url(cls, value: Any) -> str | None:
        if value is None:
            return None
        text = _text(value, "url")
        if not _URL_RE.match(text):
            raise invalid(
                f"Địa chỉ «{text}» không phải một trang web.",
                "Viết địa chỉ đầy đủ bắt đầu bằng https://, ví dụ «https://vanban.chinhphu.vn/…».",
            )
        return text

    @property
    def citation(self) -> Citation:
        cited = parse_number(self.so_ky_hieu)
        assert cited is not None  # checked by the validator
        return cited


def load_known(root: Path) -> tuple[KnownDocument, ...]:
    """The entries of ``data/can-cu-phap-ly.yml`` (none if there is no such file)."""
    return load_list(root, FILE, KnownDocument, EXAMPLE)
