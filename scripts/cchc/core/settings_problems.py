"""Vietnamese problems for mistakes in the settings of ``mkdocs.yml``.

Pydantic's validation errors are translated into a ``Problem`` naming ``mkdocs.yml``, the
line and the dotted key, with a fix; checks across items (repeated categories and author
ids) and misspelt ``extra:`` keys are made here too, before the models run.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from cchc.core.config_file import CONFIG_FILE, ConfigFile
from cchc.core.problems import Problem
from cchc.core.text import nfc, slugify
from cchc.core.validation import as_text, loc_key, loc_label

# Material's own keys under ``extra:``; never mistaken for a misspelt owned key.
_MATERIAL_EXTRA_KEYS = {
    "alternate", "analytics", "annotate", "consent", "generator", "homepage", "scope",
    "social", "status", "tags", "version",
}  # fmt: skip
# How to write a group or list right, by path shape (list indexes as ``*``), for fixes.
_EXAMPLES = {
    "extra.organisation": '«organisation:» rồi các dòng thụt lề «name: …», «address: …», «phone: "…"»',
    "extra.organisation.contacts": "«contacts:» rồi mỗi cán bộ một mục «- name: …» với «role: …»",
    "extra.organisation.contacts.*": "«- name: Họ và tên» rồi dòng «role: Chức vụ» thẳng hàng với «name:»",
    "extra.organisation.responsible": "«responsible:» rồi các dòng thụt lề «name: Họ và tên», «role: …»",
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


def _message(
    kind: str,
    ctx: dict[str, Any],
    loc: list[int | str],
    written: str | None,
    groups: Mapping[str, type[BaseModel]],
) -> tuple[str, str]:
    """Vietnamese message and fix for one pydantic error at ``loc`` (the field is named apart).

    ``groups`` are the strict models by path shape (``extra.authors.*``), for their allowed keys.
    """
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
        model = groups.get(_shape(loc[:-1]))
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


def problem(config: ConfigFile | None, loc: list[int | str], message: str, fix: str | None) -> Problem:
    """A problem of ``mkdocs.yml`` at ``loc``, with its line and ``!ENV`` origin when known."""
    dotted = loc_key(loc)
    line = config.line_of(dotted) if config else None
    origin = config.env.get(dotted) if config else None
    if origin:
        message += f" ({origin[0].upper()}{origin[1:]}.)"
        if "lấy từ biến" in origin:
            fix = f"{fix} Sửa giá trị của biến môi trường (hoặc bỏ biến này để dùng giá trị mặc định)."
    return Problem(CONFIG_FILE, message, field=loc_label(loc) or None, line=line, fix=fix or None)


def translate(
    exc: ValidationError, config: ConfigFile | None, groups: Mapping[str, type[BaseModel]]
) -> list[Problem]:
    """One ``Problem`` per error of ``exc`` (``groups``: see ``_message``)."""
    problems = []
    for error in exc.errors():
        loc = [p for p in error["loc"] if p not in ("function-after", "function-before")]
        written = config.plain.get(loc_key(loc)) if config else None
        message, fix = _message(error["type"], dict(error.get("ctx") or {}), loc, written, groups)
        problems.append(problem(config, loc, message, fix))
    return problems


# --- checks across items and keys -----------------------------------------------------


def duplicates(extra: dict[str, Any], config: ConfigFile | None) -> list[Problem]:
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
                    problem(
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
                    problem(
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
                    problem(
                        config,
                        ["extra", "authors", index, "id"],
                        f"Mã tác giả «{key}» đã dùng cho tác giả thứ {ids[key] + 1}.",
                        "Mỗi tác giả một mã riêng: đổi mã này hoặc xóa mục lặp lại.",
                    )
                )
            else:
                ids[key] = index
    return problems


def misspelt_keys(extra: dict[str, Any], config: ConfigFile | None, owned: Sequence[str]) -> list[Problem]:
    """``organization:`` for ``organisation:``: Material would ignore it and the contacts vanish."""
    problems = []
    for key in extra:
        if key in owned or key in _MATERIAL_EXTRA_KEYS:
            continue
        guess = difflib.get_close_matches(str(key), owned, n=1, cutoff=0.75)
        if guess:
            problems.append(
                problem(
                    config,
                    ["extra", str(key)],
                    f"Khóa «{key}» trong «extra» không được chương trình đọc; "
                    f"các khóa của trang: {', '.join(owned)}.",
                    f"Có phải ý bạn là «{guess[0]}»? Sửa lại tên khóa.",
                )
            )
    return problems
