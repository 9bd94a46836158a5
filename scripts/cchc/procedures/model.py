"""Administrative procedure (TTHC) records: the front matter schema and the typed records.

One Markdown file per procedure; its front matter is the structured record of the
national TTHC database (contract section 2). ``ProcedureMeta`` validates it (messages in
Vietnamese); ``Procedure`` records grouped in a ``Catalogue`` are what pages, ``index.json``
and ``[[TTHC:…]]`` links trust. Reading the files: ``cchc.procedures.loading``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationInfo,
    field_validator,
    model_validator,
)

from cchc.core.problems import Problem
from cchc.core.text import fold, slugify
from cchc.core.urls import field_url
from cchc.core.urls import url_of as page_url
from cchc.core.validation import as_text, check_local_file, invalid, parse_local_date

CODE_RE = re.compile(r"^[1-9]\.\d{6}(?:\.[0-9A-Z.]+)?$")
_URL_RE = re.compile(r"^https?://[^\s/]+\.[^\s]+$")

Level = Literal["toan_trinh", "mot_phan", "khong"]
LEVEL_LABELS: dict[str, str] = {
    "toan_trinh": "Toàn trình",
    "mot_phan": "Một phần",
    "khong": "Không trực tuyến",
}
CHANNELS = ("Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính")
FORM_TYPES = {
    ".pdf": "PDF",
    ".doc": "Word",
    ".docx": "Word",
    ".odt": "ODF",
    ".xls": "Excel",
    ".xlsx": "Excel",
}
GUIDE = "Xem cách viết trong một tệp thủ tục có sẵn ở docs/thu-tuc/."


# --- field types -------------------------------------------------------------------------


def _text(value: Any, info: ValidationInfo) -> Any:
    value = as_text(value)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise invalid("Chưa điền nội dung.", f"Điền nội dung cho «{info.field_name}» (không để trống).")
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise invalid("Giá trị phải là một đoạn chữ.", f"Viết «{info.field_name}: nội dung».")
    return "\n".join(" ".join(line.split()) for line in str(value).strip().splitlines())


def _text_list(value: Any, info: ValidationInfo) -> Any:
    """A list of texts; a single text is accepted as a list of one."""
    if value is None:
        raise invalid("Chưa điền nội dung.", f"Thêm ít nhất một mục cho «{info.field_name}».")
    if isinstance(value, str | dict):
        value = [value]
    if isinstance(value, list):
        return [as_text(item) for item in value]
    return value


def _count(value: Any) -> Any:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 99:
        raise invalid(
            f"Số bản «{value}» phải là một số nguyên từ 0 đến 99.",
            "Viết ví dụ «ban_chinh: 1» và «ban_sao: 0».",
        )
    return value


Text = Annotated[str, BeforeValidator(_text)]
Count = Annotated[int, BeforeValidator(_count)]


def _choice(value: Any, allowed: dict[str, str], key: str) -> str:
    """``value`` must be one of ``allowed`` (value -> label); suggest the one meant."""
    text = str(value).strip() if isinstance(value, str | int) else ""
    if text in allowed:
        return text
    folded = fold(text).replace("_", " ")
    for wanted, label in allowed.items():
        if folded and folded in (fold(wanted).replace("_", " "), fold(label)):
            raise invalid(f"Giá trị «{text}» viết chưa đúng.", f"Viết đúng «{key}: {wanted}».")
    options = "; ".join(f"«{v}» ({label})" if v != label else f"«{v}»" for v, label in allowed.items())
    raise invalid(f"Giá trị «{text}» không hợp lệ.", f"Chọn một trong: {options}.")


def _form_file(value: Any, info: ValidationInfo) -> str:
    """A form file written relative to the procedure file -> its site-relative path."""
    ctx = info.context or {}
    docs: Path = ctx["docs"]
    path = check_local_file(value, ctx["base"], docs, "tệp mẫu")
    if path.suffix.lower() not in FORM_TYPES:
        raise invalid(f"Tệp mẫu «{value}» có kiểu không được hỗ trợ.", "Dùng tệp PDF, Word, Excel hoặc ODF.")
    return path.relative_to(docs.resolve()).as_posix()


FormPath = Annotated[str, BeforeValidator(_form_file)]


# --- the schema as officials write it --------------------------------------------------


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Channel(_Record):
    """One way of filing (``cach_thuc``): in person, online or by post."""

    hinh_thuc: str
    thoi_han: Text
    phi_le_phi: Text
    mo_ta: Text | None = None

    @field_validator("hinh_thuc", mode="before")
    @classmethod
    def _channel(cls, value: Any) -> str:
        return _choice(value, {c: c for c in CHANNELS}, "hinh_thuc")


class DocumentItem(_Record):
    """One paper to bring (``thanh_phan_ho_so``)."""

    ten: Text
    ban_chinh: Count = 0
    ban_sao: Count = 0
    mau: FormPath | None = None


class DocumentEntry(_Record):
    """A paper to bring, or a case (``truong_hop``) with its own list of papers."""

    ten: Text | None = None
    ban_chinh: Count = 0
    ban_sao: Count = 0
    mau: FormPath | None = None
    truong_hop: Text | None = None
    giay_to: tuple[DocumentItem, ...] | None = None

    @model_validator(mode="after")
    def _item_or_group(self) -> DocumentEntry:
        if self.truong_hop is not None:
            if not self.giay_to:
                raise invalid(
                    f"Trường hợp «{self.truong_hop}» chưa có danh sách giấy tờ «giay_to».",
                    "Viết «giay_to:» rồi mỗi giấy tờ một dòng «- ten: …».",
                )
            if self.ten is not None:
                raise invalid(
                    "Một mục không được có cả «ten» và «truong_hop».",
                    "Tách thành hai mục: giấy tờ chung, và trường hợp riêng có «giay_to».",
                )
        elif self.ten is None:
            raise invalid(
                "Mục giấy tờ thiếu tên «ten».",
                "Viết «- ten: Tên giấy tờ» (hoặc «- truong_hop: …» kèm «giay_to: […]» cho một trường hợp).",
            )
        elif self.giay_to is not None:
            raise invalid(
                "«giay_to» chỉ dùng bên trong một «truong_hop».", "Thêm «truong_hop: …» cho nhóm này."
            )
        return self

    @property
    def items(self) -> tuple[DocumentItem, ...]:
        if self.giay_to is not None:
            return self.giay_to
        assert self.ten is not None
        return (
            DocumentItem.model_construct(
                ten=self.ten, ban_chinh=self.ban_chinh, ban_sao=self.ban_sao, mau=self.mau
            ),
        )


class FormFile(_Record):
    """A blank form to download (``mau_don``)."""

    ten: Text
    file: FormPath


class LegalBasis(_Record):
    """A legal document the procedure rests on (``can_cu_phap_ly``)."""

    so_ky_hieu: Text
    trich_yeu: Text
    ngay_ban_hanh: date | None = None
    co_quan_ban_hanh: Text | None = None

    @field_validator("ngay_ban_hanh", mode="before")
    @classmethod
    def _issued(cls, value: Any) -> Any:
        return None if value is None else parse_local_date(value, "ngay_ban_hanh", with_time=False).date()


class ProcedureMeta(_Record):
    """Front matter of a procedure (contract section 2), validated.

    Form files (``mau``, ``mau_don[].file``) are resolved to site-relative paths.
    """

    ma_thu_tuc: str
    ten_thu_tuc: Text
    linh_vuc: Text
    cap_thuc_hien: Text
    muc_do_truc_tuyen: Level
    dich_vu_cong_url: str | None = None
    trinh_tu: tuple[Text, ...]
    cach_thuc: tuple[Channel, ...]
    thanh_phan_ho_so: tuple[DocumentEntry, ...]
    so_luong_ho_so: Text | None = None
    thoi_han_giai_quyet: Text
    doi_tuong: Text
    co_quan_thuc_hien: Text
    dia_chi_tiep_nhan: Text | None = None
    ket_qua: Text
    le_phi: Text
    mau_don: tuple[FormFile, ...] = ()
    yeu_cau_dieu_kien: Text | None = None
    can_cu_phap_ly: tuple[LegalBasis, ...]
    quyet_dinh_cong_bo: Text | None = None
    ma_cu: tuple[Text, ...] = ()
    cap_nhat: date

    @field_validator("ma_thu_tuc", mode="before")
    @classmethod
    def _code(cls, value: Any) -> str:
        if isinstance(value, float):
            raise invalid(
                f"Mã thủ tục được đọc thành số «{value}» nên có thể mất chữ số 0 ở cuối.",
                'Đặt mã trong dấu nháy, ví dụ «ma_thu_tuc: "1.000650"».',
            )
        text = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
        if not CODE_RE.match(text):
            raise invalid(
                f"Mã thủ tục «{text}» sai định dạng: phải là một chữ số, dấu chấm, sáu chữ số "
                "(có thể thêm hậu tố địa phương).",
                "Chép đúng mã trên Cổng Dịch vụ công quốc gia, ví dụ «ma_thu_tuc: 1.001193» "
                "hoặc «ma_thu_tuc: 1.012812.H19».",
            )
        return text

    @field_validator("linh_vuc", mode="after")
    @classmethod
    def _field_name(cls, value: str) -> str:
        if not slugify(value):
            raise invalid(f"Tên lĩnh vực «{value}» không có chữ.", "Viết ví dụ «linh_vuc: Hộ tịch».")
        return value

    @field_validator("muc_do_truc_tuyen", mode="before")
    @classmethod
    def _level(cls, value: Any) -> str:
        return _choice(value, LEVEL_LABELS, "muc_do_truc_tuyen")

    @field_validator("dich_vu_cong_url", mode="before")
    @classmethod
    def _url(cls, value: Any) -> Any:
        if value is None:
            return None
        text = str(value).strip()
        if not _URL_RE.match(text):
            raise invalid(
                f"Địa chỉ «{text}» không phải là một liên kết web.",
                "Chép nguyên địa chỉ bắt đầu bằng «https://», ví dụ trang thủ tục trên dichvucong.gov.vn.",
            )
        return text

    @field_validator("trinh_tu", "ma_cu", mode="before")
    @classmethod
    def _lists(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name == "ma_cu":
            return ()
        return _text_list(value, info)

    @field_validator("trinh_tu", "cach_thuc", "thanh_phan_ho_so", "can_cu_phap_ly", mode="after")
    @classmethod
    def _not_empty(cls, value: tuple[Any, ...], info: ValidationInfo) -> Any:
        if not value:
            raise invalid(
                "Danh sách không được để trống.", f"Thêm ít nhất một mục cho «{info.field_name}». {GUIDE}"
            )
        return value

    @field_validator("mau_don", mode="before")
    @classmethod
    def _optional_list(cls, value: Any) -> Any:
        return () if value is None else value

    @field_validator("cap_nhat", mode="before")
    @classmethod
    def _checked(cls, value: Any, info: ValidationInfo) -> Any:
        day = parse_local_date(value, "cap_nhat", with_time=False).date()
        today: date | None = (info.context or {}).get("today")
        if today and day > today:
            raise invalid(
                f"Ngày kiểm tra «{day.isoformat()}» nằm sau hôm nay.",
                "Ghi ngày thực tế đã đối chiếu thủ tục với Cổng Dịch vụ công, dạng năm-tháng-ngày.",
            )
        return day


# --- records ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Procedure:
    """A validated procedure. URLs are site-relative (no leading slash)."""

    source: str  # relative to the project root, e.g. "docs/thu-tuc/ho-tich/dang-ky-khai-sinh.md"
    src_uri: str  # relative to docs/, as MkDocs knows the page
    meta: ProcedureMeta
    body: str
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def code(self) -> str:
        return self.meta.ma_thu_tuc

    @property
    def name(self) -> str:
        return self.meta.ten_thu_tuc

    @property
    def url(self) -> str:
        return page_url(self.src_uri)

    @property
    def field_url(self) -> str:
        return field_url(self.meta.linh_vuc)

    def documents(self) -> Iterator[tuple[str | None, DocumentItem]]:
        """Every paper to bring, with the case (``truong_hop``) it belongs to, if any."""
        for entry in self.meta.thanh_phan_ho_so:
            for item in entry.items:
                yield entry.truong_hop, item


@dataclass(frozen=True)
class Field:
    """A field (lĩnh vực) and its procedures, sorted by name."""

    name: str
    procedures: tuple[Procedure, ...]

    @property
    def slug(self) -> str:
        return slugify(self.name)

    @property
    def url(self) -> str:
        return field_url(self.name)


@dataclass(frozen=True)
class Catalogue:
    """Every procedure of the guide, sorted by field then name."""

    procedures: tuple[Procedure, ...] = ()
    warnings: tuple[Problem, ...] = field(default=())

    @cached_property
    def by_src(self) -> dict[str, Procedure]:
        return {p.src_uri: p for p in self.procedures}

    @cached_property
    def by_code(self) -> dict[str, Procedure]:
        """Current codes, and earlier codes (``ma_cu``) that no current record uses."""
        codes = {old: p for p in self.procedures for old in p.meta.ma_cu}
        codes.update({p.code: p for p in self.procedures})
        return codes

    @cached_property
    def fields(self) -> tuple[Field, ...]:
        groups: dict[str, list[Procedure]] = {}
        for procedure in self.procedures:
            groups.setdefault(procedure.meta.linh_vuc, []).append(procedure)
        return tuple(Field(name, tuple(members)) for name, members in groups.items())
