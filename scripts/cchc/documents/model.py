"""Official documents (văn bản): the ``document:`` block of a post, validated.

A post with a ``document:`` block is an official document. This module validates that
block against Decree 30/2020/NĐ-CP (number, type, issuer, dates, signer, recipients);
``documents/pages.py`` renders it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

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


class Signer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    authority: tuple[str, ...] = ()
    title: str
    name: str

    @field_validator("authority", mode="before")
    @classmethod
    def _authority(cls, value: Any) -> Any:
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
        return tuple(nfc(v.strip()) for v in value)


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
