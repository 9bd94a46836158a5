"""Official documents (văn bản): the header block of Decree 30/2020/NĐ-CP.

A post with a ``document:`` block is an official document. This module validates that
block and renders it the way the paper original looks: issuer and national motto side
by side, number, place and date, type and abstract, then the signature and recipients.
"""

from __future__ import annotations

import re
from datetime import date
from html import escape
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from cchc.core.text import nfc
from cchc.core.validation import as_text, invalid, parse_local_date

# 291/BC-UBND, 11/KH-UBND, 123/UBND-VP, 42/2022/NĐ-CP, 66.13/2026/NQ-CP
NUMBER_RE = re.compile(r"^\d{1,5}(?:\.\d+)?/(?:(?:19|20)\d{2}/)?[A-ZĐa-zđ0-9]+(?:-[A-ZĐa-zđ0-9]+)*$")

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"


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

    @property
    def symbol(self) -> str:
        """The type-issuer part of the number: ``BC-UBND``."""
        return self.number.rsplit("/", 1)[-1]


def official_date(place: str, day: date) -> str:
    """``Thượng Long, ngày 05 tháng 12 năm 2023`` (Decree 30: 0-padded day < 10, month 1–2)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def render_header(doc: Document, title: str) -> str:
    """HTML of the document header (Decree 30 boxes 1–5) above the body."""
    parent = (
        f'<p class="cchc-doc__parent">{escape(doc.parent_issuer.upper())}</p>' if doc.parent_issuer else ""
    )
    abstract = escape(doc.abstract or title)
    return (
        '<section class="cchc-doc" aria-label="Thông tin văn bản">'
        '<div class="cchc-doc__top">'
        '<div class="cchc-doc__issuer">'
        f"{parent}"
        f'<p class="cchc-doc__org">{escape(doc.issuer.upper())}</p>'
        f'<p class="cchc-doc__number">Số: {escape(doc.number)}</p>'
        "</div>"
        '<div class="cchc-doc__nation">'
        f'<p class="cchc-doc__country">{NATIONAL_NAME}</p>'
        f'<p class="cchc-doc__motto">{NATIONAL_MOTTO}</p>'
        f'<p class="cchc-doc__date">{escape(official_date(doc.place, doc.issued))}</p>'
        "</div></div>"
        f'<p class="cchc-doc__type">{escape(doc.type.upper())}</p>'
        f'<p class="cchc-doc__abstract">{abstract}</p>'
        "</section>"
    )


def render_facts(doc: Document) -> str:
    """A compact table of the document's metadata (Decree 42: type, issuer, number, dates)."""
    rows = [
        ("Loại văn bản", doc.type),
        ("Số, ký hiệu", doc.number),
        ("Cơ quan ban hành", doc.issuer),
        ("Ngày ban hành", doc.issued.strftime("%d/%m/%Y")),
    ]
    if doc.effective:
        rows.append(("Ngày hiệu lực", doc.effective.strftime("%d/%m/%Y")))
    rows.append(("Người ký", f"{doc.signer.title.capitalize()} {doc.signer.name}"))
    body = "".join(f'<tr><th scope="row">{escape(k)}</th><td>{escape(v)}</td></tr>' for k, v in rows)
    return f'<table class="cchc-doc-facts"><caption>Thông tin văn bản</caption><tbody>{body}</tbody></table>'


def render_footer(doc: Document) -> str:
    """HTML of the recipients (Nơi nhận) and signature block (Decree 30 boxes 7 and 9)."""
    recipients = ""
    if doc.recipients:
        items = "".join(f"<li>{escape(r)}</li>" for r in doc.recipients)
        recipients = (
            '<div class="cchc-doc__recipients"><p><strong><em>Nơi nhận:</em></strong></p>'
            f"<ul>{items}</ul></div>"
        )
    authority = "".join(f"<p>{escape(a)}</p>" for a in doc.signer.authority)
    return (
        '<section class="cchc-doc-sign" aria-label="Nơi nhận và người ký">'
        f"{recipients}"
        '<div class="cchc-doc__signer">'
        f'<div class="cchc-doc__authority">{authority}<p>{escape(doc.signer.title)}</p></div>'
        '<p class="cchc-doc__signed">(Đã ký)</p>'
        f'<p class="cchc-doc__name">{escape(doc.signer.name)}</p>'
        "</div></section>"
    )
