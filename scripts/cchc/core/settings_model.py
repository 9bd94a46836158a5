"""Validation of the site settings in ``mkdocs.yml``: pydantic models and Vietnamese messages.

Checked: ``site_name``, ``site_url``, ``site_description``, ``theme.logo`` and the keys of
``extra:`` the site owns (``organisation``, ``categories``, ``authors``, ``per_page``,
``feeds``). Other keys under ``extra:`` belong to Material (``generator``, ``social``,
``alternate``…) and are left alone; the owned ones are strict: unknown keys are refused
with the list of allowed keys, text must be text, numbers must be in range. Every mistake
becomes a ``Problem`` naming ``mkdocs.yml``, the line and the dotted key, with a fix.

Imported lazily by ``cchc.core.settings`` (``cchc.core.validation`` imports that module).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

from cchc.core.config_file import CONFIG_FILE, ConfigFile, Tagged
from cchc.core.problems import ContentError, Problem
from cchc.core.settings import (
    DEFAULT_CATEGORIES,
    Author,
    Category,
    Contact,
    Organisation,
    Settings,
)
from cchc.core.text import nfc, slugify
from cchc.core.validation import as_text, invalid, loc_key, loc_label

DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
DEFAULT_LOGO = "assets/images/logo.png"
OWNED_EXTRA_KEYS = ("organisation", "categories", "authors", "per_page", "feeds")
# Material's own keys under ``extra:``; never mistaken for a misspelt owned key.
_MATERIAL_EXTRA_KEYS = {
    "alternate", "analytics", "annotate", "consent", "generator", "homepage", "scope",
    "social", "status", "tags", "version",
}  # fmt: skip
# YAML 1.1 booleans PyYAML reads as true/false; in owned keys they are kept as the text written.
_YAML11_BOOLEANS = {"y", "yes", "n", "no", "on", "off"}
_AUTHOR_ID_RE = re.compile(r"^[a-z0-9-]+$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _error(kind: str, **ctx: Any) -> PydanticCustomError:
    """An error whose Vietnamese text is written by ``_translate`` (which knows key, line, source)."""
    return PydanticCustomError(f"cchc_{kind}", kind, ctx)


# --- field types ---------------------------------------------------------------------


def _text(value: Any, *, required: bool) -> str:
    if isinstance(value, Tagged):
        raise _error("tagged", tag=value.tag)
    if value is None:
        if required:
            raise _error("empty")
        return ""
    if isinstance(value, bool):
        raise _error("not_text", what="giá trị đúng/sai (true/false)", value=str(value).lower())
    if isinstance(value, int | float):
        raise _error("not_text", what="một số", value=str(value))
    if isinstance(value, date):
        raise _error("not_text", what="một ngày tháng", value=value.isoformat())
    if not isinstance(value, str):
        raise _error("text_type")
    text = nfc(value).strip()
    if required and not text:
        raise _error("empty")
    return text


def _required_text(value: Any) -> str:
    return _text(value, required=True)


def _optional_text(value: Any) -> str:
    return _text(value, required=False)


def _int_between(low: int, high: int, example: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            shown = "" if value is None else str(value)
            raise _error("int", low=low, high=high, example=example, value=shown)
        if not low <= value <= high:
            raise _error("range", low=low, high=high, example=example, value=str(value))
        return value

    return check


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _error("bool", value="" if value is None else str(value))
    return value


def _email(value: Any) -> str:
    text = _optional_text(value)
    if text and not _EMAIL_RE.match(text):
        raise invalid(
            f"Địa chỉ thư điện tử «{text}» không đúng dạng.",
            "Viết đủ dạng «ten@example.gov.vn», không có dấu cách.",
        )
    return text


def _web_address(value: Any) -> str:
    text = _optional_text(value)
    if text:
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
            raise invalid(
                f"Địa chỉ trang web «{text}» không đúng dạng.",
                "Viết đủ dạng «https://ten-mien.gov.vn/».",
            )
    return text


def _author_id(value: Any) -> str:
    text = _required_text(value)
    if not _AUTHOR_ID_RE.match(text):
        suggestion = slugify(text) or "ten-tac-gia"
        raise invalid(
            f"Mã tác giả «{text}» chỉ được gồm chữ thường không dấu, chữ số và dấu gạch ngang.",
            f"Ví dụ «id: {suggestion}»; bài viết ghi đúng mã này ở «author:».",
        )
    return text


def _site_name(value: Any) -> str:
    text = _required_text(value)
    if "<" in text or ">" in text:
        raise invalid(
            f"Tên trang «{text}» có ký tự «<» hoặc «>». Giao diện Material in thẳng tên trang vào mã "
            "HTML của mọi trang, nên ký tự này làm hỏng trang hoặc chạy mã lạ.",
            "Bỏ các ký tự «<» và «>» khỏi «site_name».",
        )
    return text


def _site_url(value: Any) -> str:
    if value is None:
        return DEFAULT_SITE_URL
    text = _required_text(value)
    parts = urlsplit(text)
    wrong = parts.scheme not in ("http", "https") or not parts.netloc or " " in text
    if wrong or parts.query or parts.fragment:
        raise invalid(
            f"Địa chỉ trang «{text}» không phải một địa chỉ web đầy đủ.",
            "Viết dạng «site_url: https://ten-mien.gov.vn/cchc/» (bắt đầu bằng https:// hoặc http://).",
        )
    return text if text.endswith("/") else text + "/"


def _categories(value: Any) -> Any:
    if value is None or (isinstance(value, list | tuple) and not value):
        raise _error("empty_list")
    if isinstance(value, list | tuple):
        return [as_text(item) for item in value]
    return value


def _or_empty(value: Any) -> Any:
    """``authors:`` / ``organisation:`` / ``feeds:`` written with nothing under them."""
    return {} if value is None else value


def _none_as_empty_list(value: Any) -> Any:
    return [] if value is None else value


def _theme(value: Any) -> Any:
    """``theme: material`` (a name) or a mapping; MkDocs' ``Theme`` object is a mapping too."""
    if isinstance(value, str):
        return {"name": value}
    if isinstance(value, Mapping):
        return dict(value)
    return value


RequiredText = Annotated[str, BeforeValidator(_required_text)]
OptionalText = Annotated[str, BeforeValidator(_optional_text)]
Email = Annotated[str, BeforeValidator(_email)]
WebAddress = Annotated[str, BeforeValidator(_web_address)]


class _Owned(BaseModel):
    """A group of keys the site owns: unknown keys are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ContactModel(_Owned):
    name: RequiredText
    role: RequiredText
    phone: OptionalText = ""
    email: Email = ""


class OrganisationModel(_Owned):
    name: OptionalText = ""
    parent: OptionalText = ""
    address: OptionalText = ""
    phone: OptionalText = ""
    fax: OptionalText = ""  # Decree 42/2022/NĐ-CP lists fax among the contact details
    email: Email = ""
    website: WebAddress = ""
    hours: OptionalText = ""
    contacts: Annotated[tuple[ContactModel, ...], BeforeValidator(_none_as_empty_list)] = ()


class AuthorModel(_Owned):
    id: Annotated[str, BeforeValidator(_author_id)]
    name: RequiredText
    role: OptionalText = ""


class FeedsModel(_Owned):
    length: Annotated[int, BeforeValidator(_int_between(1, 1000, 50))] = 50
    full_content: Annotated[bool, BeforeValidator(_boolean)] = True


class ExtraModel(BaseModel):
    """``extra:``: Material's keys pass through, the site's own keys are strict."""

    model_config = ConfigDict(extra="allow", frozen=True)

    organisation: Annotated[OrganisationModel, BeforeValidator(_or_empty)] = OrganisationModel()
    categories: Annotated[tuple[RequiredText, ...], BeforeValidator(_categories)] = DEFAULT_CATEGORIES
    authors: Annotated[tuple[AuthorModel, ...], BeforeValidator(_none_as_empty_list)] = ()
    per_page: Annotated[int, BeforeValidator(_int_between(1, 200, 20))] = 10
    feeds: Annotated[FeedsModel, BeforeValidator(_or_empty)] = FeedsModel()


class ThemeModel(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    logo: OptionalText = ""


class SiteModel(BaseModel):
    """The part of ``mkdocs.yml`` the content core reads; MkDocs checks the rest."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    site_name: Annotated[str, BeforeValidator(_site_name)]
    site_url: Annotated[str, BeforeValidator(_site_url)] = DEFAULT_SITE_URL
    site_description: OptionalText = ""
    theme: Annotated[ThemeModel, BeforeValidator(_theme)] = ThemeModel()
    extra: Annotated[ExtraModel, BeforeValidator(_or_empty)] = ExtraModel()


# Allowed keys of each strict group, by path shape (list indexes as ``*``).
_GROUPS: dict[str, type[BaseModel]] = {
    "extra.organisation": OrganisationModel,
    "extra.organisation.contacts.*": ContactModel,
    "extra.authors.*": AuthorModel,
    "extra.feeds": FeedsModel,
}
_EXAMPLES = {
    "extra.organisation": '«organisation:» rồi các dòng thụt lề «name: …», «address: …», «phone: "…"»',
    "extra.organisation.contacts": "«contacts:» rồi mỗi cán bộ một mục «- name: …» với «role: …»",
    "extra.organisation.contacts.*": "«- name: Họ và tên» rồi dòng «role: Chức vụ» thẳng hàng với «name:»",
    "extra.authors": "«authors:» rồi mỗi tác giả một mục «- id: ma-tac-gia» với «name: Tên hiển thị»",
    "extra.authors.*": "«- id: ma-tac-gia» rồi dòng «name: Tên hiển thị» thụt lề thẳng hàng với «id:»",
    "extra.feeds": "«feeds:» rồi hai dòng thụt lề «length: 50» và «full_content: true»",
    "extra.categories": "«categories:» rồi mỗi chuyên mục một dòng «- Tin tức»",
    "extra": "«extra:» rồi các dòng thụt lề «per_page: 20», «categories: …»",
    "theme": "«theme:» rồi các dòng thụt lề «name: material», «logo: assets/images/logo.png»",
}


# --- messages -------------------------------------------------------------------------


def _shape(loc: list[int | str]) -> str:
    return ".".join("*" if isinstance(part, int) else str(part) for part in loc)


def _message(kind: str, ctx: dict[str, Any], loc: list[int | str], written: str | None) -> tuple[str, str]:
    """Vietnamese message and fix for one pydantic error at ``loc`` (the field is named apart)."""
    label = loc_label(loc)
    last = next((str(p) for p in reversed(loc) if not isinstance(p, int)), label)
    if loc and isinstance(loc[-1], int):
        parent = f"mục thứ {loc[-1] + 1} của «{loc_label(loc[:-1])}»"
    elif len(loc) > 1 and isinstance(loc[-2], int):
        parent = f"mục thứ {loc[-2] + 1} của «{loc_label(loc[:-2])}»"
    else:
        parent = f"«{loc_label(loc[:-1])}»" if len(loc) > 1 else "đầu tệp"
    example = _EXAMPLES.get(_shape(loc), "")
    if kind == "cchc":
        return ctx["message"], ctx.get("fix") or ""
    if kind == "cchc_not_text":
        shown = written or ctx["value"]
        lost = " (số 0 ở đầu có thể bị mất)" if ctx["what"] == "một số" else ""
        return (
            f"Giá trị phải là chữ, nhưng «{shown}» viết không có ngoặc kép nên được đọc thành {ctx['what']}"
            f"{lost}.",
            f'Đặt giá trị trong ngoặc kép: «{last}: "{shown}"».',
        )
    if kind == "cchc_tagged":
        return (
            f"Giá trị phải là chữ; thẻ YAML «{ctx['tag']}» không dùng được ở đây.",
            f"Bỏ thẻ «{ctx['tag']}» và viết nội dung trực tiếp: «{last}: …».",
        )
    if kind == "cchc_text_type":
        return (
            "Giá trị phải là một đoạn chữ viết trên cùng dòng, không phải danh sách hay nhóm khóa.",
            f"Viết «{last}: nội dung» trên một dòng (đặt trong ngoặc kép nếu có dấu «:» hoặc «#»).",
        )
    if kind == "cchc_empty":
        if loc and isinstance(loc[-1], int):
            return "Mục trong danh sách đang để trống.", "Điền nội dung sau dấu «- » hoặc xóa dòng này."
        return "Không được để trống.", f"Điền nội dung sau «{last}:»."
    if kind == "cchc_empty_list":
        return "Danh sách đang để trống; cần ít nhất một mục.", f"Viết {example or 'ít nhất một mục'}."
    if kind in ("cchc_int", "cchc_range"):
        bounds = f"từ {ctx['low']} đến {ctx['high']}"
        fix = f"Viết bằng chữ số, không đặt trong ngoặc kép, ví dụ «{last}: {ctx['example']}»."
        if kind == "cchc_int":
            shown = written or ctx["value"]
            now = f"đang là «{shown}»" if shown else "đang để trống"
            return f"Giá trị phải là một số nguyên {bounds}; hiện {now}.", fix
        return f"Giá trị phải là một số nguyên {bounds}, không phải {ctx['value']}.", fix
    if kind == "cchc_bool":
        shown = written or ctx["value"]
        return (
            f"Giá trị chỉ nhận true hoặc false, không phải «{shown}».",
            f"Viết «{last}: true» hoặc «{last}: false» (không dùng yes/no, không đặt trong ngoặc kép).",
        )
    if kind == "missing":
        return (
            f"Thiếu khóa bắt buộc «{last}» trong {parent}.",
            f"Thêm dòng «{last}: …» vào {parent}, thụt lề thẳng hàng với các khóa khác của nó.",
        )
    if kind == "extra_forbidden":
        model = _GROUPS.get(_shape(loc[:-1]))
        allowed = list(model.model_fields) if model else []
        guess = difflib.get_close_matches(last, allowed, n=1, cutoff=0.5)
        hint = "Xóa dòng này hoặc sửa tên khóa."
        if guess:
            hint = f"Có phải ý bạn là «{guess[0]}»? Sửa lại tên khóa."
        return f"Khóa lạ «{last}» trong {parent}; các khóa được phép: {', '.join(allowed)}.", hint
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        now = f" (hiện đang là «{written}»)" if written else ""
        return (
            f"Giá trị phải là một nhóm các dòng «khóa: giá trị» thụt lề bên dưới «{last}:»{now}.",
            f"Viết {example}." if example else "Xem mẫu trong tệp mkdocs.yml của dự án.",
        )
    if kind in ("list_type", "tuple_type"):
        return (
            "Giá trị phải là một danh sách.",
            f"Viết {example}." if example else f"Mỗi mục một dòng bắt đầu bằng «- », thụt lề dưới «{last}:».",
        )
    return f"Giá trị không hợp lệ ({kind}).", "Xem mẫu trong tệp mkdocs.yml của dự án."


def _problem(config: ConfigFile | None, loc: list[int | str], message: str, fix: str | None) -> Problem:
    dotted = loc_key(loc)
    line = config.line_of(dotted) if config else None
    origin = config.env.get(dotted) if config else None
    if origin:
        message += f" ({origin[0].upper()}{origin[1:]}.)"
        if "lấy từ biến" in origin:
            fix = f"{fix} Sửa giá trị của biến môi trường (hoặc bỏ biến này để dùng giá trị mặc định)."
    return Problem(CONFIG_FILE, message, field=loc_label(loc) or None, line=line, fix=fix or None)


def _translate(exc: ValidationError, config: ConfigFile | None) -> list[Problem]:
    problems = []
    for error in exc.errors():
        loc = [p for p in error["loc"] if p not in ("function-after", "function-before")]
        written = config.plain.get(loc_key(loc)) if config else None
        message, fix = _message(error["type"], dict(error.get("ctx") or {}), loc, written)
        problems.append(_problem(config, loc, message, fix))
    return problems


# --- checks across items and keys -----------------------------------------------------


def _duplicates(extra: dict[str, Any], config: ConfigFile | None) -> list[Problem]:
    """Repeated categories (by name or by address) and repeated author ids."""
    problems = []
    names = extra.get("categories")
    if isinstance(names, list | tuple):
        seen: dict[str, int] = {}
        for index, item in enumerate(names):
            item = as_text(item)
            if not isinstance(item, str) or not item.strip():
                continue
            name = nfc(item).strip()
            slug = slugify(name)
            loc: list[int | str] = ["extra", "categories", index]
            if not slug:
                problems.append(
                    _problem(
                        config,
                        loc,
                        f"Chuyên mục «{name}» không tạo được địa chỉ trang (không có chữ hoặc số).",
                        "Đặt tên chuyên mục có chữ, ví dụ «Tin tức».",
                    )
                )
            elif slug in seen:
                first = nfc(as_text(names[seen[slug]])).strip()
                same = "trùng với" if first == name else f"có cùng địa chỉ «{slug}» với"
                problems.append(
                    _problem(
                        config,
                        loc,
                        f"Chuyên mục «{name}» {same} chuyên mục thứ {seen[slug] + 1} «{first}».",
                        "Xóa dòng lặp lại hoặc đặt tên chuyên mục khác hẳn.",
                    )
                )
            else:
                seen[slug] = index
    authors = extra.get("authors")
    if isinstance(authors, list | tuple):
        ids: dict[str, int] = {}
        for index, author in enumerate(authors):
            value = author.get("id") if isinstance(author, dict) else None
            if not isinstance(value, str) or not value.strip():
                continue
            key = nfc(value).strip()
            if key in ids:
                problems.append(
                    _problem(
                        config,
                        ["extra", "authors", index, "id"],
                        f"Mã tác giả «{key}» đã dùng cho tác giả thứ {ids[key] + 1}.",
                        "Mỗi tác giả một mã riêng: đổi mã này hoặc xóa mục lặp lại.",
                    )
                )
            else:
                ids[key] = index
    return problems


def _misspelt_keys(extra: dict[str, Any], config: ConfigFile | None) -> list[Problem]:
    """``organization:`` for ``organisation:``: Material would ignore it and the contacts vanish."""
    problems = []
    for key in extra:
        if key in OWNED_EXTRA_KEYS or key in _MATERIAL_EXTRA_KEYS:
            continue
        guess = difflib.get_close_matches(str(key), OWNED_EXTRA_KEYS, n=1, cutoff=0.75)
        if guess:
            problems.append(
                _problem(
                    config,
                    ["extra", str(key)],
                    f"Khóa «{key}» trong «extra» không được chương trình đọc; "
                    f"các khóa của trang: {', '.join(OWNED_EXTRA_KEYS)}.",
                    f"Có phải ý bạn là «{guess[0]}»? Sửa lại tên khóa.",
                )
            )
    return problems


def _keep_written_booleans(value: Any, prefix: str, config: ConfigFile) -> Any:
    """Undo YAML 1.1 for the owned keys: ``yes`` stays the text ``yes``, not ``True``."""
    if isinstance(value, dict):
        return {k: _keep_written_booleans(v, f"{prefix}.{k}", config) for k, v in value.items()}
    if isinstance(value, list):
        return [_keep_written_booleans(v, f"{prefix}.{i}", config) for i, v in enumerate(value)]
    written = config.plain.get(prefix)
    if isinstance(value, bool) and written is not None and written.lower() in _YAML11_BOOLEANS:
        return written
    return value


# --- entry point ----------------------------------------------------------------------


def validate_settings(root: Path, data: Mapping[str, Any], config: ConfigFile | None = None) -> Settings:
    """``Settings`` from the top-level values of ``mkdocs.yml`` (``site_name``, ``extra``, ``theme``…).

    ``config`` (the parsed file) gives lines, the text as written and ``!ENV`` origins for
    messages; without it messages name ``mkdocs.yml`` but no line. Raises ``ContentError``.
    """
    values = {k: data.get(k) for k in ("site_name", "site_url", "site_description", "theme", "extra")}
    values = {k: v for k, v in values.items() if k == "site_name" or v is not None}
    extra = values.get("extra")
    problems: list[Problem] = []
    if isinstance(extra, Mapping):
        extra = dict(extra)
        if config is not None:
            for key in OWNED_EXTRA_KEYS:
                if key in extra:
                    extra[key] = _keep_written_booleans(extra[key], f"extra.{key}", config)
        values["extra"] = extra
        problems += _duplicates(extra, config) + _misspelt_keys(extra, config)
    try:
        model = SiteModel.model_validate(values)
    except ValidationError as exc:
        problems += _translate(exc, config)
    if problems:
        raise ContentError(problems)
    return _to_settings(root, model)


def _to_settings(root: Path, model: SiteModel) -> Settings:
    extra, org = model.extra, model.extra.organisation
    organisation = Organisation(
        name=org.name,
        parent=org.parent,
        address=org.address,
        phone=org.phone,
        email=org.email,
        hours=org.hours,
        contacts=tuple(Contact(c.name, c.role, c.phone, c.email) for c in org.contacts),
        fax=org.fax,
        website=org.website,
    )
    return Settings(
        root=root,
        site_url=model.site_url,
        site_name=model.site_name,
        description=model.site_description,
        organisation=organisation,
        categories=tuple(Category(name, slugify(name)) for name in extra.categories),
        authors={a.id: Author(a.id, a.name, a.role) for a in extra.authors},
        per_page=extra.per_page,
        feed_length=extra.feeds.length,
        feed_full_content=extra.feeds.full_content,
        logo=model.theme.logo or DEFAULT_LOGO,
    )
